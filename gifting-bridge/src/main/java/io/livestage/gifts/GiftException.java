package io.livestage.gifts;

/** Why a gift or wallet request was refused; nothing was changed. */
public final class GiftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { INSUFFICIENT_FUNDS, UNKNOWN_GIFT, BAD_COUNT, SELF_GIFT, BAD_REQUEST, CONFLICT, UNAVAILABLE }

    private final Reason reason;

    public GiftException(Reason reason, String message) {
        // No stack trace: these are expected answers to clients, not bugs.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
