package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real coturn (Debian's {@code turnserver}) on loopback for one test, authenticating with a
 * shared secret as the server's {@code turn.secret} expects ({@code use-auth-secret}), relaying to
 * loopback peers (our SFU runs there in tests). Stopped on {@link #close()}.
 */
final class Coturn implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/turnserver");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final int port;

    private Coturn(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts coturn with this secret on a free loopback port; fails the test when it is not installed. */
    static Coturn start(String secret) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: the TURN test needs Debian's coturn (`apt-get install -y coturn`)");
        }
        int port = freeUdpPort();
        int relayFrom = freeUdpPort();
        Path log = Files.createTempFile("livestage-coturn-", ".log");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-n", "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1", "--listening-port=" + port, "--use-auth-secret",
                "--static-auth-secret=" + secret, "--realm=livestage.test", "--allow-loopback-peers", "--no-tls",
                "--no-dtls", "--no-cli", "--no-tcp-relay", "--min-port=" + relayFrom, "--max-port=" + (relayFrom + 50),
                "--log-file=stdout", "--simple-log", "--pidfile=" + log + ".pid"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Coturn coturn = new Coturn(process, log, port);
        coturn.awaitListening();
        return coturn;
    }

    /** The url the server's {@code turn.urls} should list. */
    String url() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("coturn exited at start:\n" + Files.readString(log));
            }
            if (Files.readString(log).contains("Total General servers")) {
                return;
            }
            Thread.sleep(50);
        }
        fail("coturn did not listen within " + START_TIMEOUT.toSeconds() + " s:\n" + Files.readString(log));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(Path.of(log + ".pid"));
        Files.deleteIfExists(log);
    }
}
