package io.livestage.loadtest.gifts;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Redis commands over the timed window, per gift accepted in it: from the window's start until its last
 * delivery, so the feed reads and leaderboard refreshes that follow the last gifts are counted too. A
 * failure to reach Redis costs the figure, not the run.
 */
final class RedisWindow implements AutoCloseable {

    private final RedisCommandStats stats;
    private String failure = "";
    private Map<String, Long> before;
    private long acceptedBefore;

    /** @param redis null when the run does not count Redis commands */
    RedisWindow(URI redis) {
        RedisCommandStats connected = null;
        if (redis != null) {
            try {
                connected = new RedisCommandStats(redis);
            } catch (RuntimeException e) {
                failure = "cannot connect to " + redis + ": " + e.getMessage();
            }
        }
        this.stats = connected;
    }

    void start(long acceptedGifts) throws InterruptedException {
        before = sample();
        acceptedBefore = acceptedGifts;
    }

    /** The window's figures, or null when Redis was not asked for. */
    GiftsReport.RedisFigures end(long acceptedGifts) throws InterruptedException {
        if (stats == null && failure.isEmpty()) {
            return null;
        }
        Map<String, Long> after = sample();
        if (before == null || after == null) {
            return new GiftsReport.RedisFigures(Map.of(), 0, failure);
        }
        return new GiftsReport.RedisFigures(RedisCommandStats.delta(before, after), acceptedGifts - acceptedBefore, "");
    }

    private Map<String, Long> sample() throws InterruptedException {
        if (stats == null) {
            return null;
        }
        try {
            return stats.sample();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failure = "INFO commandstats failed: " + e;
            return null;
        }
    }

    @Override
    public void close() {
        if (stats != null) {
            stats.close();
        }
    }
}
