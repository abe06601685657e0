package io.livestage.gifts;

import io.livestage.gifts.GiftException.Reason;

/**
 * One started minute of a paid call, charged at its start: {@code rate} coins from the caller's balance to
 * the consultant's earnings. {@code minute} counts from 0 at acceptance; each is charged at most once.
 */
public record CallMinute(String callId, String roomId, String callerId, String consultantId, int minute, long rate) {

    /** Refuses a malformed charge before any wallet is touched. */
    public void check() {
        OrderRules.id("callId", callId);
        OrderRules.id("roomId", roomId);
        OrderRules.id("callerId", callerId);
        OrderRules.id("consultantId", consultantId);
        if (callerId.equals(consultantId)) {
            throw new GiftException(Reason.BAD_REQUEST, "a caller cannot pay themselves");
        }
        if (minute < 0) {
            throw new GiftException(Reason.BAD_REQUEST, "minute must not be negative");
        }
        if (rate <= 0) {
            throw new GiftException(Reason.BAD_REQUEST, "rate must be positive");
        }
    }
}
