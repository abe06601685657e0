package io.livestage.loadtest.scenario;

import io.livestage.loadtest.webrtc.ReceivedTrackStats;
import java.util.List;

/**
 * What the subscribers received, summed over every subscriber and stream; as counters since each stream's
 * first packet, or as the difference of two samples ({@link #since}).
 *
 * @param expected          sequence numbers from each stream's first packet to its highest
 * @param received          distinct packets that arrived, NACK-recovered ones included
 * @param givenUp           sequence numbers the subscribers stopped asking for (NACK retries spent or too old)
 * @param recovered         packets that arrived after a NACK
 * @param nacked            sequence numbers asked for in NACKs, retries included
 * @param payloadMismatches packets whose payload was not the publisher's
 * @param duplicates        packets that arrived twice
 */
public record ReceiveTotals(long expected, long received, long givenUp, long recovered, long nacked, long payloadMismatches,
        long duplicates) {

    public static final ReceiveTotals NONE = new ReceiveTotals(0, 0, 0, 0, 0, 0, 0);

    public static ReceiveTotals of(List<ReceivedTrackStats> streams) {
        ReceiveTotals sum = NONE;
        for (ReceivedTrackStats stream : streams) {
            long expected = stream.firstSequence() < 0 ? 0 : stream.highestSequence() - stream.firstSequence() + 1;
            sum = sum.plus(new ReceiveTotals(expected, stream.packets(), stream.lost(), stream.recovered(),
                    stream.nackedPackets(), stream.payloadMismatches(), stream.duplicates()));
        }
        return sum;
    }

    public ReceiveTotals plus(ReceiveTotals other) {
        return new ReceiveTotals(expected + other.expected, received + other.received, givenUp + other.givenUp,
                recovered + other.recovered, nacked + other.nacked, payloadMismatches + other.payloadMismatches,
                duplicates + other.duplicates);
    }

    public ReceiveTotals since(ReceiveTotals earlier) {
        return new ReceiveTotals(expected - earlier.expected, received - earlier.received, givenUp - earlier.givenUp,
                recovered - earlier.recovered, nacked - earlier.nacked, payloadMismatches - earlier.payloadMismatches,
                duplicates - earlier.duplicates);
    }

    /** Expected packets that did not arrive, not even after NACKs (so far). */
    public long missing() {
        return Math.max(0, expected - received);
    }

    /** {@link #missing()} as a percentage of {@link #expected()}; 0 when nothing was expected. */
    public double lossPercent() {
        return expected == 0 ? 0 : 100.0 * missing() / expected;
    }
}
