package io.livestage.gifts;

/**
 * Why a gift or wallet request was refused; nothing was changed. {@code UNAVAILABLE} alone leaves the outcome
 * unknown (the store may have committed just before it was given up on): retry with the same key.
 * {@code NOT_FOUND}: the ledger entry a reversal names does not exist (or is not the transaction named).
 * {@code INVALID_STATE}: a key the request needs holds data this bridge never writes (another type, text where
 * a number belongs) or the store answered in a shape it cannot read; retrying will not help, an operator must look.
 */
public final class GiftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { INSUFFICIENT_FUNDS, UNKNOWN_GIFT, BAD_COUNT, SELF_GIFT, BAD_REQUEST, CONFLICT, UNAVAILABLE,
        INVALID_STATE, NOT_FOUND }

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
