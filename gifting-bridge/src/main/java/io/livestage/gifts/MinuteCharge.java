package io.livestage.gifts;

/**
 * The result of charging a call minute: the caller's balance right after it, the call's total so far, and
 * whether this was a retry of a minute already charged (which moved no coins).
 */
public record MinuteCharge(String txId, long balance, long charged, boolean replay) {
}
