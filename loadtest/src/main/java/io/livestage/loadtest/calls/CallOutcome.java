package io.livestage.loadtest.calls;

import io.livestage.loadtest.scenario.ReceiveTotals;

/**
 * What one call of a run came to. Money figures are -1 when the call never got far enough to read them.
 *
 * @param failedStage         the stage the call failed at, or empty
 * @param started             the caller got {@code call.started}
 * @param setupNanos          {@code call.request} sent until the caller's {@code call.started}, -1 without
 * @param mediaNanos          {@code call.started} until both subscribers received every stream of the other side, -1
 * @param endReason           the reason of the call's {@code call.ended}, or empty
 * @param charged             the {@code charged} of the call's {@code call.ended}
 * @param billedMinutes       {@code call.billing} events the caller got: the minutes that started
 * @param lastBillingCharged  the {@code charged} of the last of them
 * @param callerBalance       the caller's {@code wallet.balance} after the call
 * @param consultantEarnings  the consultant's earnings after the call
 * @param expectedTicks       minute starts after the first before the hang-up
 * @param receivedTicks       those that came as {@code call.billing}
 * @param earlyTicks          ticks that came before their minute's start as the parties saw the call start
 * @param mostEarlyNanos      how early the earliest of them came
 * @param callerReceived      the caller's subscription, the consultant's media, at the hang-up
 * @param consultantReceived  the consultant's subscription, the caller's media, at the hang-up
 */
record CallOutcome(
        String failedStage,
        boolean started,
        long setupNanos,
        long mediaNanos,
        String endReason,
        long charged,
        long billedMinutes,
        long lastBillingCharged,
        long callerBalance,
        long consultantEarnings,
        long expectedTicks,
        long receivedTicks,
        long earlyTicks,
        long mostEarlyNanos,
        ReceiveTotals callerReceived,
        ReceiveTotals consultantReceived) {

    /** A call whose thread did not finish in time: nothing about it is known. */
    static CallOutcome unfinished() {
        return new CallOutcome("unfinished", false, -1, -1, "", -1, 0, 0, -1, -1, 0, 0, 0, 0, ReceiveTotals.NONE,
                ReceiveTotals.NONE);
    }

    boolean failed() {
        return !failedStage.isEmpty();
    }

    /** The call ended and both wallets were read, so its money can be checked. */
    boolean settled() {
        return started && !endReason.isEmpty() && callerBalance >= 0 && consultantEarnings >= 0;
    }
}
