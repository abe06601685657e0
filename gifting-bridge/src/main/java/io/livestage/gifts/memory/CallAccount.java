package io.livestage.gifts.memory;

import io.livestage.gifts.CallMinute;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.MinuteCharge;
import java.util.ArrayList;
import java.util.List;

/** The minutes charged so far for one call, in order; guarded by the memory store's lock. */
final class CallAccount {
    private final String callerId;
    private final String consultantId;
    private final List<MinuteCharge> minutes = new ArrayList<>();
    private long charged;

    CallAccount(String callerId, String consultantId) {
        this.callerId = callerId;
        this.consultantId = consultantId;
    }

    /** The first charge of this minute, or null when it was not charged yet. */
    MinuteCharge charged(int minute) {
        return minute < minutes.size() ? minutes.get(minute) : null;
    }

    void checkNext(CallMinute minute) {
        if (!callerId.equals(minute.callerId()) || !consultantId.equals(minute.consultantId())) {
            throw new GiftException(Reason.CONFLICT, "call " + minute.callId() + " belongs to other users");
        }
        if (minute.minute() != minutes.size()) {
            throw new GiftException(Reason.CONFLICT,
                    "minute " + minute.minute() + " is out of order: the next is " + minutes.size());
        }
    }

    MinuteCharge add(String txId, long balance, long rate) {
        charged += rate;
        MinuteCharge charge = new MinuteCharge(txId, balance, charged, false);
        minutes.add(charge);
        return charge;
    }
}
