package io.livestage.server.cluster;

import io.livestage.server.Main;
import io.livestage.server.TestServers;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LiveStage node in a process of its own ({@link Main} on the test's classpath, the embedded defaults plus
 * the given settings), on loopback ports of its own, logging to {@code target/nodes/<id>-<n>.log}. It can be
 * stopped as an operator would (SIGTERM) or killed as a crash would (SIGKILL): nothing is shared with the
 * test's JVM but the network and Redis.
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String id;
    private final int httpPort;
    private final int udpPort;
    private final Process process;
    private volatile boolean paused;

    private NodeProcess(String id, int httpPort, int udpPort, Process process) {
        this.id = id;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.process = process;
    }

    /** Attempts at starting a node: a port found free may be taken by someone else before the node binds it. */
    private static final int ATTEMPTS = 3;
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** Starts the node and waits until it answers {@code /ready}; with other ports if it could not start. */
    public static NodeProcess start(String id, Map<String, String> settings) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(id, settings);
            } catch (NodeExited e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The node's process ended before it was ready (see its log). */
    static final class NodeExited extends IllegalStateException {
        NodeExited(String message) {
            super(message);
        }
    }

    private static NodeProcess startOnce(String id, Map<String, String> settings) throws IOException, InterruptedException {
        int httpPort = TestServers.freePort();
        int udpPort = freeUdpPort();
        Map<String, String> env = new HashMap<>(TestServers.LOOPBACK);
        env.putAll(settings);
        env.put("LIVESTAGE_HTTP_PORT", Integer.toString(httpPort));
        env.put("LIVESTAGE_MEDIA_UDP_PORT", Integer.toString(udpPort));
        env.put("LIVESTAGE_CLUSTER_NODE_ID", id);
        // A log per start: a test's nodes do not overwrite an earlier test's.
        Path log = Path.of("target", "nodes", id + "-" + STARTS.incrementAndGet() + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        NodeProcess node = new NodeProcess(id, httpPort, udpPort, builder.start());
        node.awaitReady(Duration.ofSeconds(30), log);
        return node;
    }

    /** A UDP port free on loopback now (a free TCP port says nothing of UDP). */
    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String id() {
        return id;
    }

    public int httpPort() {
        return httpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * SIGSTOP: the node stalls whole, its heartbeat, bus reader and sockets alike (a long GC pause, a VM its host
     * froze), until {@link #resume}; its connections stay open.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT: the stalled node runs on from where it stopped. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no goodbye to Redis or to anyone, as a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new NodeExited("node " + id + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("node " + id + " was not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM, as an operator stops a node, and waits for it to exit (killed after 15 s). */
    @Override
    public void close() {
        if (paused) {
            try {
                resume(); // a stopped process would not act on SIGTERM
            } catch (IOException | InterruptedException | IllegalStateException e) {
                process.destroyForcibly();
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
