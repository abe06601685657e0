package io.livestage.gifts.memory;

import io.livestage.gifts.CallMinute;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.MinuteCharge;
import java.util.ArrayList;
import java.util.List;

/** The minutes charged so far for one call, in order, and its terms; guarded by the memory store's lock. */
final class CallAccount {
    private final String callerId;
    private final String consultantId;
    private final String roomId;
    private final long rate;
    private final List<MinuteCharge> minutes = new ArrayList<>();
    private long charged;

    /** The call as its first charged minute set it. */
    CallAccount(CallMinute first) {
        this.callerId = first.callerId();
        this.consultantId = first.consultantId();
        this.roomId = first.roomId();
        this.rate = first.rate();
    }

    /** A call id stands for one call between two people at one rate, in one room: anything else is a bug. */
    void checkTerms(CallMinute minute) {
        if (!callerId.equals(minute.callerId()) || !consultantId.equals(minute.consultantId())
                || !roomId.equals(minute.roomId()) || rate != minute.rate()) {
            throw new GiftException(Reason.CONFLICT, "call " + minute.callId() + " was charged on other terms");
        }
    }

    boolean involves(String userId) {
        return callerId.equals(userId) || consultantId.equals(userId);
    }

    /** The first charge of this minute, or null when it was not charged yet. */
    MinuteCharge charged(int minute) {
        return minute < minutes.size() ? minutes.get(minute) : null;
    }

    int nextMinute() {
        return minutes.size();
    }

    MinuteCharge add(String txId, long balance, long rate) {
        charged += rate;
        MinuteCharge charge = new MinuteCharge(txId, balance, charged, false);
        minutes.add(charge);
        return charge;
    }
}
