package io.livestage.loadtest.webrtc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This process's file descriptors as {@code /proc/self/fd} shows them. The server runs in-process,
 * so these are its descriptors (and the test's own and its clients'). A socket, pipe or anonymous
 * inode reads as {@code socket:[inode]} and the like; only a target that is a regular file (or a
 * deleted one, still open) is a file on a file system. Files under /proc and /sys are the kernel's
 * counters (the JVM reads its cgroup's memory.stat, for one), stored nowhere.
 */
final class OpenDescriptors {

    private static final Path FDS = Path.of("/proc/self/fd");
    /** O_ACCMODE of the {@code flags} in /proc/self/fdinfo: 0 is read-only. */
    private static final int ACCESS_MODE = 3;

    record Descriptor(int fd, String target, boolean regularFile, boolean writable) {
        /** Code the JVM maps or reads (class path jars, JDK modules, native libraries), opened read-only. */
        boolean codeForReading() {
            return !writable && (target.endsWith(".jar") || target.endsWith(".so") || target.endsWith("/lib/modules"));
        }
    }

    private OpenDescriptors() {
    }

    static Map<Integer, Descriptor> snapshot() {
        Map<Integer, Descriptor> open = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> listing = Files.list(FDS)) {
            entries = listing.toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FDS, e);
        }
        for (Path entry : entries) {
            int fd = Integer.parseInt(entry.getFileName().toString());
            try {
                String target = Files.readSymbolicLink(entry).toString();
                boolean kernel = target.startsWith("/proc/") || target.startsWith("/sys/");
                boolean regular = !kernel && (target.endsWith(" (deleted)") || target.startsWith("/")
                        && Files.isRegularFile(Path.of(target)));
                open.put(fd, new Descriptor(fd, target, regular, regular && writable(fd)));
            } catch (IOException closedMeanwhile) {
                // Closed between the listing and the readlink (the listing's own descriptor, for one).
            }
        }
        return open;
    }

    /** Descriptors in {@code now} that are not the same descriptor (number and target) in {@code before}. */
    static List<Descriptor> opened(Map<Integer, Descriptor> before, Map<Integer, Descriptor> now) {
        List<Descriptor> opened = new ArrayList<>();
        for (Descriptor descriptor : now.values()) {
            Descriptor earlier = before.get(descriptor.fd());
            if (earlier == null || !earlier.target().equals(descriptor.target())) {
                opened.add(descriptor);
            }
        }
        return opened;
    }

    private static boolean writable(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & ACCESS_MODE) != 0;
            }
        }
        return true;
    }

    /** Bytes this process caused to be written to storage so far ({@code write_bytes} of /proc/self/io). */
    static long storageWriteBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/io", e);
        }
        throw new IllegalStateException("no write_bytes in /proc/self/io");
    }
}
