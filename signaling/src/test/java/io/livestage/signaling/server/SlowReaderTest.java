package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.LimitsConfig;
import io.netty.util.internal.PlatformDependent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that stop reading cannot make the server hold their replies without bound: what is
 * queued for one stays near the write buffer's high-water mark, and the connection is really
 * closed (not left waiting for a close frame that cannot be delivered) within seconds.
 */
class SlowReaderTest {
    /** The high-water mark of every connection's write buffer ({@link SignalingServer}). */
    private static final long HIGH_WATER = 1024 * 1024;
    /** What one connection may have queued at most: the mark plus the last messages written before it. */
    private static final long QUEUE_BOUND = HIGH_WATER + 256 * 1024;
    /** The kernel makes about twice this its receive buffer: a few KiB, so the server backs up at once. */
    private static final int SMALL_RECEIVE_BUFFER = 4096;
    private static final long GONE_WITHIN_MS = 10_000;
    /** Queued replies that show the socket buffers are full. */
    private static final long STUCK = 64 * 1024;

    @Test
    @Timeout(60)
    void aClientFloodingBadFramesPingsAndChatWithoutReadingIsCutOffWithItsQueueBounded() throws Exception {
        try (TestServer server = TestServer.start();
             WsClient host = server.user("host", Role.CREATOR);
             WsClient bystander = server.user("bystander", Role.VIEWER)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Flooded\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            bystander.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            bystander.expect("room.joined");
            long heapBefore = heapAfterGc();
            RawWebSocket flooder = RawWebSocket.connect(server.port(), SMALL_RECEIVE_BUFFER);
            flooder.sendText("{\"type\":\"auth\",\"token\":\"" + server.token("flooder", Role.VIEWER) + "\"}");
            flooder.expect("welcome");
            flooder.sendText("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            flooder.expect("room.joined");
            double open = gauge(server, "livestage.connections.open");

            // From here on the flooder never reads; another thread writes so a blocked write cannot hang the test.
            byte[] batch = floodBatch(roomId);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong framesSent = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        flooder.write(batch);
                        framesSent.addAndGet(FRAMES_PER_BATCH);
                    }
                } catch (IOException e) {
                    // The server ended the connection: what the test waits for.
                }
            }, "flooder");
            long start = System.nanoTime();
            writer.start();
            double peakQueued = 0;
            long peakDirect = 0;
            long goneAfterMs = -1;
            while (elapsedMs(start) < GONE_WITHIN_MS) {
                peakQueued = Math.max(peakQueued, gauge(server, "livestage.connections.queued"));
                peakDirect = Math.max(peakDirect, PlatformDependent.usedDirectMemory());
                if (gauge(server, "livestage.connections.open") < open) {
                    goneAfterMs = elapsedMs(start);
                    break;
                }
                Thread.sleep(5);
            }
            boolean clientSeesTheEnd = goneAfterMs >= 0 && flooder.endsWithin(3000);
            stop.set(true);
            flooder.close();
            writer.join(5000);
            long heapAfter = heapAfterGc();
            System.out.printf("slow reader flood: %,d frames sent, connection gone after %d ms, peak queued %,.0f bytes,"
                            + " peak Netty direct memory %,d bytes, heap after GC %,d -> %,d bytes%n",
                    framesSent.get(), goneAfterMs, peakQueued, peakDirect, heapBefore, heapAfter);

            assertTrue(goneAfterMs >= 0, "the server still holds the flooder's connection after " + GONE_WITHIN_MS + " ms"
                    + " (peak queued " + (long) peakQueued + " bytes)");
            assertTrue(clientSeesTheEnd, "the server closed its side, but the client's connection did not end");
            assertTrue(peakQueued <= QUEUE_BOUND, "queued for the client: " + (long) peakQueued + " bytes, more than "
                    + QUEUE_BOUND);
            // Everyone else is served as before.
            bystander.assertAlive();
            host.send("{\"type\":\"chat.send\",\"roomId\":\"" + roomId + "\",\"text\":\"still here\"}");
            String text;
            do {
                text = bystander.expect("chat").path("text").asText();
            } while (!text.equals("still here"));
        }
    }

    @Test
    @Timeout(60)
    void aClientThatStopsReadingAndFallsSilentIsClosedByTheIdleTimeout() throws Exception {
        long idleTimeoutMs = 1500;
        LimitsConfig limits = TestServer.timeouts(5000, idleTimeoutMs);
        try (TestServer server = TestServer.start(limits, TestServer.shows(30_000))) {
            RawWebSocket quiet = RawWebSocket.connect(server.port(), SMALL_RECEIVE_BUFFER);
            quiet.sendText("{\"type\":\"auth\",\"token\":\"" + server.token("quiet", Role.VIEWER) + "\"}");
            quiet.expect("welcome");
            // Requests whose replies it never reads, in small steps, each answered before the next, until
            // the socket buffers are full and replies wait in the server's memory (a write in progress
            // shows there for a moment; this much does not drain). That is far below the high-water
            // mark and nothing is left unanswered, so only the idle timeout can close the connection
            // once the client falls silent.
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                RawWebSocket.text(pings, "{\"type\":\"ping\",\"id\":" + i + "}");
            }
            long start = System.nanoTime();
            double queued = 0;
            double sent = 0;
            while (queued < STUCK && elapsedMs(start) < 30_000) {
                quiet.write(pings.toByteArray());
                sent += 200;
                while (answeredPings(server) < sent && elapsedMs(start) < 30_000) {
                    Thread.sleep(1);
                }
                queued = gauge(server, "livestage.connections.queued");
            }
            assertTrue(queued >= STUCK && queued < HIGH_WATER, "queued " + queued + " bytes");

            long silentSince = System.nanoTime();
            long goneAfterMs = -1;
            while (elapsedMs(silentSince) < idleTimeoutMs + GONE_WITHIN_MS) {
                if (gauge(server, "livestage.connections.open") == 0) {
                    goneAfterMs = elapsedMs(silentSince);
                    break;
                }
                Thread.sleep(5);
            }
            System.out.printf("silent slow reader: %,.0f bytes queued when it fell silent, gone %d ms later"
                    + " (idle timeout %d ms)%n", queued, goneAfterMs, idleTimeoutMs);
            assertTrue(goneAfterMs >= 0, "the idle connection is still open " + (idleTimeoutMs + GONE_WITHIN_MS)
                    + " ms after it fell silent");
            assertTrue(quiet.endsWithin(3000), "the server closed its side, but the client's connection did not end");
            quiet.close();
        }
    }

    @Test
    @Timeout(60)
    void aClientPipeliningHttpRequestsWithoutReadingIsCutOffWithItsQueueBounded() throws Exception {
        try (TestServer server = TestServer.start();
             Socket client = new Socket()) {
            client.setReceiveBufferSize(SMALL_RECEIVE_BUFFER);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            byte[] batch = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n".repeat(500).getBytes(StandardCharsets.US_ASCII);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong cutOffAfterMs = new AtomicLong(-1);
            long start = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        client.getOutputStream().write(batch);
                    }
                } catch (IOException e) {
                    if (!stop.get()) {
                        cutOffAfterMs.set(elapsedMs(start));
                    }
                }
            }, "pipeliner");
            writer.start();
            double peakQueued = 0;
            while (cutOffAfterMs.get() < 0 && elapsedMs(start) < GONE_WITHIN_MS) {
                peakQueued = Math.max(peakQueued, gauge(server, "livestage.connections.queued"));
                Thread.sleep(5);
            }
            stop.set(true);
            client.close();
            writer.join(5000);
            System.out.printf("pipelining slow reader: cut off after %d ms, peak queued %,.0f bytes%n",
                    cutOffAfterMs.get(), peakQueued);
            assertTrue(cutOffAfterMs.get() >= 0, "the server still reads the pipelining client after " + GONE_WITHIN_MS
                    + " ms (peak queued " + (long) peakQueued + " bytes)");
            assertTrue(peakQueued <= QUEUE_BOUND, "queued for the client: " + (long) peakQueued + " bytes, more than "
                    + QUEUE_BOUND);
        }
    }

    private static final int FRAMES_PER_BATCH = 5 * 200;

    /** Malformed JSON, binary frames, ping control frames, ping requests and chat, 200 of each. */
    private static byte[] floodBatch(String roomId) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] chat = ("{\"type\":\"chat.send\",\"roomId\":\"" + roomId + "\",\"text\":\"hi\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < FRAMES_PER_BATCH / 5; i++) {
            RawWebSocket.text(batch, "{");
            RawWebSocket.frame(batch, RawWebSocket.BINARY, new byte[] {1});
            RawWebSocket.frame(batch, RawWebSocket.PING, new byte[] {1, 2, 3, 4});
            RawWebSocket.text(batch, "{\"type\":\"ping\"}");
            RawWebSocket.frame(batch, RawWebSocket.TEXT, chat);
        }
        return batch.toByteArray();
    }

    private static double gauge(TestServer server, String name) {
        return server.registry.get(name).gauge().value();
    }

    /** Pings answered with a pong or refused over the rate limit. */
    private static double answeredPings(TestServer server) {
        return server.registry.find("livestage.messages.out").tag("type", "pong").counters().stream()
                .mapToDouble(c -> c.count()).sum()
                + server.registry.get("livestage.errors").tag("code", "rate_limited").counter().count();
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
