package io.livestage.loadtest.webrtc;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The regular files in the directories a server process could write to without being told
 * where: the JVM's temporary directory, /tmp, /var/tmp, /dev/shm, the home directory and the
 * working directory (the module). Bounded in depth, and blind to a few directories that other
 * processes on this shared machine write to all the time (listed in {@link #SKIPPED} with why).
 */
final class WritableDirectories {

    private static final int DEPTH = 5;
    /**
     * Directory names never entered: Maven's repository and the language toolchains (other
     * sessions' builds), and the agent tooling's own state and job output (its shells' stdout
     * files grow while a test runs). A library extracting native code would use ~/.cache or the
     * temporary directory, which stay watched.
     */
    private static final Set<String> SKIPPED = Set.of(".m2", ".cargo", ".rustup", ".pyenv", ".npm", ".claude");
    private static final List<String> SKIPPED_PREFIXES = List.of("bash_jobs.", "bash_tool_");

    record FileState(long size, long modifiedMillis) {
    }

    private WritableDirectories() {
    }

    /** The directories watched, without duplicates or one inside another. */
    static List<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        for (String dir : List.of(System.getProperty("java.io.tmpdir"), "/tmp", "/var/tmp", "/dev/shm",
                System.getProperty("user.home"), System.getProperty("user.dir"))) {
            Path path = Path.of(dir).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                roots.add(path);
            }
        }
        List<Path> distinct = new ArrayList<>();
        for (Path root : roots) {
            if (roots.stream().noneMatch(other -> !other.equals(root) && root.startsWith(other))) {
                distinct.add(root);
            }
        }
        return distinct;
    }

    static Map<Path, FileState> snapshot(List<Path> roots) {
        Map<Path, FileState> files = new HashMap<>();
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean skip = SKIPPED.contains(name) || SKIPPED_PREFIXES.stream().anyMatch(name::startsWith);
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            files.put(file, new FileState(attrs.size(), attrs.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // Gone meanwhile or not ours to read: someone else's.
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException("cannot walk " + root, e);
            }
        }
        return files;
    }

    /**
     * Whether a changed file here must be this process's own doing to fail the test. A disk file's
     * bytes are accounted to whoever wrote them ({@code write_bytes}), so on a shared disk
     * directory a file only points at the culprit once that count says we wrote; other sessions
     * on this machine write to /tmp all the time. The module directory is ours alone, and a
     * memory file system (tmpfs: /dev/shm, or /tmp on some machines) escapes that count, so
     * there every unexplained file fails.
     */
    static boolean strict(Path root) {
        if (root.equals(Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.getFileStore(root).type().equals("tmpfs");
        } catch (IOException e) {
            return true;
        }
    }

    /** Files that are new in {@code after} or whose size or modification time changed. */
    static List<Path> createdOrChanged(Map<Path, FileState> before, Map<Path, FileState> after) {
        List<Path> changed = new ArrayList<>();
        after.forEach((path, state) -> {
            if (!state.equals(before.get(path))) {
                changed.add(path);
            }
        });
        return changed;
    }

    /**
     * Whether another process certainly wrote this file: another process holds it open now, or it
     * is a JVM's performance-counter file ({@code hsperfdata_<user>/<pid>}, memory-mapped and
     * updated by every JVM, ours included, counters only).
     */
    static boolean writtenByAnotherProcessOrPerfCounters(Path file, Set<Path> heldOpenElsewhere) {
        Path parent = file.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().startsWith("hsperfdata_")) {
            return true;
        }
        return heldOpenElsewhere.contains(file);
    }

    /** Regular files other processes have open right now (readable /proc entries only). */
    static Set<Path> heldOpenByOtherProcesses() {
        long self = ProcessHandle.current().pid();
        Set<Path> held = new LinkedHashSet<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (Long.parseLong(process.getFileName().toString()) == self) {
                    continue;
                }
                try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
                    for (Path fd : fds.toList()) {
                        try {
                            held.add(Files.readSymbolicLink(fd));
                        } catch (IOException gone) {
                            // Closed meanwhile.
                        }
                    }
                } catch (IOException | SecurityException gone) {
                    // The process exited meanwhile.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return held;
    }
}
