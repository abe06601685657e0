package io.livestage.loadtest.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time so far, busy and idle over all cores, from {@code /proc/stat} (Linux). Set
 * against the server's and the generator's own CPU time it shows what else ran meanwhile: other processes,
 * or kernel work charged to no process (softirq).
 */
public record MachineCpu(long busyNanos, long idleNanos) {

    public static MachineCpu read() throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
        // cpu user nice system idle iowait irq softirq steal ...
        String[] fields = first.trim().split("\\s+");
        try {
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new MachineCpu(busy * ProcessCpu.NANOS_PER_TICK, idle * ProcessCpu.NANOS_PER_TICK);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("unexpected /proc/stat: " + first, e);
        }
    }

    /** The CPU time spent between {@code earlier} and this sample. */
    public MachineCpu since(MachineCpu earlier) {
        return new MachineCpu(busyNanos - earlier.busyNanos, idleNanos - earlier.idleNanos);
    }
}
