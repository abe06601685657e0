package io.livestage.signaling.call;

/**
 * What another node needs to carry on a call whose node died: who is in it, at what rate, which node runs it now,
 * and where its billing clock stood at the last change (a minute charged, a party away or back).
 *
 * @param node           the node that runs the call (keeps its clock and charges its minutes)
 * @param minutesCharged minutes charged so far (the next one to charge has this number)
 * @param charged        the call's total so far
 * @param balance        the caller's balance after the last charge
 * @param activeMillis   the "both connected" clock at the last change
 */
public record CallRecord(String callId, String roomId, String node, String callerId, String callerName,
                         String consultantId, String consultantName, long rate, int minutesCharged, long charged,
                         long balance, long activeMillis) {
}
