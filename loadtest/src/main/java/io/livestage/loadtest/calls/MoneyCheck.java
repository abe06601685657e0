package io.livestage.loadtest.calls;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the money of a run adds up: each caller's wallet holds its credit less what its call charged, each
 * call charged its started minutes times the rate, and the consultants earned exactly what the callers paid.
 *
 * @param settled     calls whose end and both wallets were read
 * @param unsettled   calls that started but whose money could not be read (they failed on the way)
 * @param charged     the sum of {@code call.ended}'s {@code charged} over the settled calls
 * @param debited     the sum of credit less balance over their callers
 * @param earned      the sum of their consultants' earnings
 * @param mismatches  the first few calls whose figures disagree, in words
 * @param mismatched  how many calls disagree
 */
record MoneyCheck(long settled, long unsettled, long charged, long debited, long earned, List<String> mismatches,
        long mismatched) {

    private static final int SHOWN = 10;

    static MoneyCheck of(List<CallOutcome> outcomes, long credit, long rate) {
        long settled = 0;
        long unsettled = 0;
        long charged = 0;
        long debited = 0;
        long earned = 0;
        long mismatched = 0;
        List<String> mismatches = new ArrayList<>();
        for (int index = 0; index < outcomes.size(); index++) {
            CallOutcome call = outcomes.get(index);
            if (!call.started()) {
                continue;
            }
            if (!call.settled()) {
                unsettled++;
                continue;
            }
            settled++;
            charged += call.charged();
            debited += credit - call.callerBalance();
            earned += call.consultantEarnings();
            List<String> wrong = new ArrayList<>();
            if (credit - call.charged() != call.callerBalance()) {
                wrong.add("balance " + call.callerBalance() + " != credit " + credit + " - charged " + call.charged());
            }
            if (call.charged() != call.billedMinutes() * rate) {
                wrong.add("charged " + call.charged() + " != " + call.billedMinutes() + " started minutes x " + rate);
            }
            if (call.charged() != call.lastBillingCharged()) {
                wrong.add("charged " + call.charged() + " != last call.billing's " + call.lastBillingCharged());
            }
            if (call.consultantEarnings() != call.charged()) {
                wrong.add("consultant earned " + call.consultantEarnings() + " != charged " + call.charged());
            }
            if (!wrong.isEmpty()) {
                mismatched++;
                if (mismatches.size() < SHOWN) {
                    mismatches.add("call " + index + ": " + String.join(", ", wrong));
                }
            }
        }
        return new MoneyCheck(settled, unsettled, charged, debited, earned, List.copyOf(mismatches), mismatched);
    }

    boolean addsUp() {
        return mismatched == 0 && charged == debited && charged == earned;
    }
}
