package io.livestage.loadtest.scenario;

import java.time.Duration;

/** Figures written for people in the reports. */
public final class Units {

    private Units() {
    }

    /** Bytes in MiB with one decimal; "n/a" for a figure the server did not report (-1). */
    public static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Seconds with one decimal. */
    public static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
