package io.livestage.loadtest.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * A process's CPU time so far, split into user and system time, from {@code /proc/<pid>/stat} (Linux).
 * The server's {@code /metrics} gives only the sum; the split shows how much of a packet's cost is the
 * kernel's.
 */
public record ProcessCpu(long userNanos, long systemNanos) {

    /**
     * {@code /proc} counts in clock ticks of USER_HZ, which is 100 on every Linux architecture Java runs on
     * (it is fixed in the kernel ABI, unlike the kernel's internal HZ).
     */
    static final long NANOS_PER_TICK = 10_000_000;

    /** @param pid a process id, or {@code "self"} */
    public static ProcessCpu read(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        // The command name in parentheses may contain spaces; the numbered fields start after its ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        try {
            // After the name: state(3) ... utime(14) and stime(15) of proc(5), i.e. indexes 11 and 12 here.
            return new ProcessCpu(Long.parseLong(fields[11]) * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("unexpected /proc/" + pid + "/stat: " + stat, e);
        }
    }

    /**
     * The process's CPU time, or null when there is no process ({@code pid} null) or no {@code /proc}: the
     * figure is then left out of the report and why goes to {@code failed}.
     */
    public static ProcessCpu readOrNull(String pid, BiConsumer<String, IOException> failed) {
        if (pid == null) {
            return null;
        }
        try {
            return read(pid);
        } catch (IOException e) {
            failed.accept("cpu of " + pid, e);
            return null;
        }
    }

    public long totalNanos() {
        return userNanos + systemNanos;
    }

    /** The CPU time spent between {@code earlier} and this sample. */
    public ProcessCpu since(ProcessCpu earlier) {
        return new ProcessCpu(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
}
