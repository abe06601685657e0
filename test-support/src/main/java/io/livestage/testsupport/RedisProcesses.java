package io.livestage.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What starting and stopping a {@code redis-server} of a test's own takes, for {@link OwnedRedis} and {@link RedisClusterNodes}. */
final class RedisProcesses {
    static final String SERVER = "/usr/bin/redis-server";
    static final String CLI = "/usr/bin/redis-cli";

    private RedisProcesses() {
    }

    /** Fails with what to install when one of the binaries is missing. */
    static void require(String... binaries) {
        for (String binary : binaries) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's redis-server (.ci/run does)");
            }
        }
    }

    /** A TCP port free on loopback now. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Waits up to 10 s for the server on {@code port} to answer PING; fails, with what {@code why} tells (its log, where
     * to look), if it does not or its process ended.
     */
    static void awaitReady(Process process, int port, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers(port, "PING", "+PONG")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on " + port + ": " + why.get());
            }
            Thread.sleep(20);
        }
    }

    /**
     * One inline command over a plain socket (no client library's retries or reconnects hide a server that is not up
     * yet); whether the reply contains {@code expected}.
     */
    static boolean answers(int port, String command, String expected) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).contains(expected);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the directory a server kept its files in. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
