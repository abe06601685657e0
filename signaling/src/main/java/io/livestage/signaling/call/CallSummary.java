package io.livestage.signaling.call;

/**
 * A call as the server API lists it: its ids, the two parties, the rate per minute in coins and its
 * state ({@code pending}, {@code ringing}, {@code connecting}, {@code active}).
 */
public record CallSummary(String callId, String roomId, String callerId, String consultantId, long rate, String state) {
}
