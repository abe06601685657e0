package io.livestage.loadtest.gifts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;

/**
 * Every gift of a run by txId, with the send time from its reply and how many members saw it, so the
 * end of the run can check each gift against the members of its room: none lost, none doubled.
 */
final class GiftBook {

    private final Map<String, SentGift> byTxId = new ConcurrentHashMap<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final Recorder latencyMicros;

    /** @param latencyMicros where timed deliveries go, send to receive */
    GiftBook(Recorder latencyMicros) {
        this.latencyMicros = latencyMicros;
    }

    /** The sender's {@code gift.sent} carried {@code txId}; the gift was sent at {@code sentNanos}. */
    void accepted(String txId, int room, long sentNanos, boolean timed) {
        gift(txId).accepted(room, sentNanos, timed, latencyMicros);
    }

    /** The gift a member's event names, created on first sight whether its reply came yet or not. */
    SentGift gift(String txId) {
        return byTxId.computeIfAbsent(txId, id -> new SentGift(nextIndex.getAndIncrement()));
    }

    Recorder latencyMicros() {
        return latencyMicros;
    }

    /** Compares every gift's deliveries with the members of its room; call once nothing arrives any more. */
    Tally tally(int[] membersPerRoom) {
        long expected = 0;
        long received = 0;
        long lost = 0;
        long surplus = 0;
        long incomplete = 0;
        long unknownGifts = 0;
        long unknownDeliveries = 0;
        for (SentGift gift : byTxId.values()) {
            int deliveries = gift.deliveries();
            if (!gift.isAccepted()) {
                unknownGifts++;
                unknownDeliveries += deliveries;
                continue;
            }
            int members = membersPerRoom[gift.room()];
            expected += members;
            received += deliveries;
            lost += Math.max(0, members - deliveries);
            surplus += Math.max(0, deliveries - members);
            incomplete += deliveries < members ? 1 : 0;
        }
        return new Tally(expected, received, lost, surplus, incomplete, unknownGifts, unknownDeliveries);
    }

    /**
     * What arrived, counted per gift; duplicates (a member seeing one txId twice) are counted by the members.
     *
     * @param expected          accepted gifts times the members of their rooms
     * @param received          first sightings of accepted gifts, over every member
     * @param lost              member-gift pairs that never arrived
     * @param surplus           first sightings beyond the room's member count (members of another room)
     * @param incompleteGifts   accepted gifts that some member never saw
     * @param unknownGifts      txIds seen by members but never in a reply (e.g. a reply that timed out)
     * @param unknownDeliveries their deliveries
     */
    record Tally(long expected, long received, long lost, long surplus, long incompleteGifts, long unknownGifts,
                 long unknownDeliveries) {
    }
}
