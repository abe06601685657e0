package io.livestage.loadtest.scenario;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a scenario's condition from its control thread, which has nothing else to do meanwhile. */
public final class Poll {

    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    /** Polls {@code condition} until it holds or {@code limit} passes; true when it held. */
    public static boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
        return true;
    }
}
