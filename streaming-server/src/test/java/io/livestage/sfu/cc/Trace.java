package io.livestage.sfu.cc;

/**
 * What a {@link LinkSimulator} run saw, one sample every {@code sampleMicros}: the bottleneck's
 * capacity, the estimate and the queue's backlog (test-only).
 */
record Trace(long sampleMicros, long[] capacityBps, long[] estimateBps, long[] queueMicros, int probesSent,
             DeliveryStatistics last) {

    int indexAt(long micros) {
        return (int) Math.min(estimateBps.length - 1, micros / sampleMicros);
    }

    /** The first time at or after {@code fromMicros} the estimate was below {@code bps}; -1 if never. */
    long firstBelow(long bps, long fromMicros) {
        for (int i = indexAt(fromMicros); i < estimateBps.length; i++) {
            if (estimateBps[i] < bps) {
                return i * sampleMicros;
            }
        }
        return -1;
    }

    /** The first time at or after {@code fromMicros} the estimate was at least {@code bps}; -1 if never. */
    long firstAtLeast(long bps, long fromMicros) {
        for (int i = indexAt(fromMicros); i < estimateBps.length; i++) {
            if (estimateBps[i] >= bps) {
                return i * sampleMicros;
            }
        }
        return -1;
    }

    long minEstimate(long fromMicros, long toMicros) {
        long min = Long.MAX_VALUE;
        for (int i = indexAt(fromMicros); i <= indexAt(toMicros); i++) {
            min = Math.min(min, estimateBps[i]);
        }
        return min;
    }

    long maxQueueMicros(long fromMicros, long toMicros) {
        long max = 0;
        for (int i = indexAt(fromMicros); i <= indexAt(toMicros); i++) {
            max = Math.max(max, queueMicros[i]);
        }
        return max;
    }

    /** Every {@code everyMicros}: time, capacity and estimate in Mbit/s, queue delay in ms. */
    String timeline(String name, long everyMicros) {
        StringBuilder out = new StringBuilder(name).append(" (t s: capacity/estimate Mbit/s, queue ms)\n");
        int step = (int) (everyMicros / sampleMicros);
        int column = 0;
        for (int i = 0; i < estimateBps.length; i += step) {
            out.append(String.format("%5.1f: %4.2f/%4.2f %3d   ", i * sampleMicros / 1e6, capacityBps[i] / 1e6,
                    estimateBps[i] / 1e6, queueMicros[i] / 1_000));
            if (++column % 5 == 0) {
                out.append('\n');
            }
        }
        return out.append('\n').toString();
    }
}
