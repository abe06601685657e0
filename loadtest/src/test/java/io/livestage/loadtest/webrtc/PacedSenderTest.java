package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacedSenderTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Three packets per 10 ms unit, numbered from 1, so the test can tell which ones were dropped. */
    private static final class CountingSource implements MediaSource {
        private final byte[] buffer = new byte[100];
        private int next = 1;

        @Override
        public long ssrc() {
            return 42;
        }

        @Override
        public String kind() {
            return "video";
        }

        @Override
        public long unitIntervalNanos() {
            return TimeUnit.MILLISECONDS.toNanos(10);
        }

        @Override
        public void emitUnit(long nowNanos, RtpSink sink) {
            for (int i = 0; i < 3; i++) {
                buffer[0] = (byte) next++;
                sink.packet(buffer, 0, 20);
            }
        }
    }

    @Test
    void keepsTheRateAndDropsEveryKthPacketButNeverTheLast() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        PacedSender sender = new PacedSender(scheduler, (buf, off, len) -> sent.add(buf[off] & 0xFF));
        sender.add(new CountingSource(), DropPolicy.everyNth(4)).start();
        long start = System.nanoTime();
        Thread.sleep(500);
        sender.stop().get(1, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        SentStreamStats stats = sender.stats().get(0);
        long built = stats.packets() + stats.dropped();
        long expectedUnits = elapsedMillis / 10 + 1;
        assertTrue(built / 3 >= expectedUnits - 3 && built / 3 <= expectedUnits + 2,
                built / 3 + " units in " + elapsedMillis + " ms");
        assertEquals(sent.size(), stats.packets());
        assertEquals(20L * stats.packets(), stats.bytes());
        for (int n : sent) {
            assertFalse(n % 4 == 0, "packet " + n + " should have been dropped");
        }
        int last = sent.get(sent.size() - 1);
        assertEquals(last / 4, stats.dropped(), "every drop lies before the last sent packet");
    }

    @Test
    void catchesUpAfterAStallInBoundedBursts() throws Exception {
        List<Long> unitTimes = new CopyOnWriteArrayList<>();
        PacedSender sender = new PacedSender(scheduler, (buf, off, len) -> unitTimes.add(System.nanoTime()));
        sender.add(new CountingSource(), DropPolicy.NONE).start();
        Thread.sleep(50);
        scheduler.execute(() -> sleep(100));
        Thread.sleep(250);
        sender.stop().get(1, TimeUnit.SECONDS);
        long units = sender.stats().get(0).packets() / 3;
        assertTrue(units >= 27, "the stall was made up: " + units + " units in 300 ms");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
