package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TransportWideSenderNumberingTest {

    private static final int THREADS = 4;

    @Test
    void numbersContinueAcrossTheSixteenBitWrap() {
        TransportWideSender sender = new TransportWideSender();
        for (int i = 0; i <= 0xFFFF; i++) {
            assertEquals(i, sender.next(1200, i));
        }
        assertEquals(0, sender.next(1200, 65_536));
        assertEquals(1, sender.next(1200, 65_537));
    }

    @Test
    void concurrentSendersGetDistinctNumbers() throws InterruptedException {
        TransportWideSender sender = new TransportWideSender();
        int perThread = 10_000;
        int[][] numbers = new int[THREADS][perThread];
        runConcurrently((thread) -> {
            for (int i = 0; i < perThread; i++) {
                numbers[thread][i] = sender.next(1200, i);
            }
        });
        boolean[] seen = new boolean[THREADS * perThread];
        for (int[] ofThread : numbers) {
            for (int number : ofThread) {
                assertTrue(number < seen.length && !seen[number], "handed out twice or skipped ahead: " + number);
                seen[number] = true;
            }
        }
    }

    @Test
    void concurrentSendersLeaveAFullHistory() throws InterruptedException {
        TransportWideHistory history = new TransportWideHistory();
        int perThread = TransportWideHistory.CAPACITY / THREADS;
        long[][] sequences = new long[THREADS][perThread];
        runConcurrently((thread) -> {
            for (int i = 0; i < perThread; i++) {
                sequences[thread][i] = history.record(size(thread, i), sendMicros(thread, i));
            }
        });
        for (int thread = 0; thread < THREADS; thread++) {
            for (int i = 0; i < perThread; i++) {
                assertTrue(history.select(sequences[thread][i]), "lost entry " + sequences[thread][i]);
                assertEquals(sendMicros(thread, i), history.selectedSendMicros());
                assertEquals(size(thread, i), history.selectedSize());
            }
        }
        assertEquals(TransportWideHistory.CAPACITY - 1, history.unwrap(TransportWideHistory.CAPACITY - 1));
    }

    /** Writers lap the ring many times while the feedback side reads: an entry reads whole or not at all. */
    @Test
    void readsDuringRewritesAreNeverTorn() throws InterruptedException {
        TransportWideHistory history = new TransportWideHistory();
        int perThread = 200_000;
        CountDownLatch writing = new CountDownLatch(THREADS);
        long[] checked = new long[1];
        long[] torn = new long[1];
        Thread reader = new Thread(() -> {
            while (writing.getCount() > 0) {
                // The oldest packets' slots are the ones the writers are about to reuse.
                long oldest = history.highestSequence() - TransportWideHistory.CAPACITY + 1;
                for (long sequence = oldest; sequence < oldest + THREADS; sequence++) {
                    if (history.select(sequence)) {
                        long sent = history.selectedSendMicros();
                        if (history.selectedSize() != size((int) (sent >>> 32), (int) sent)) {
                            torn[0]++;
                        }
                        checked[0]++;
                    }
                }
            }
        });
        reader.start();
        runConcurrently((thread) -> {
            for (int i = 0; i < perThread; i++) {
                history.record(size(thread, i), sendMicros(thread, i));
            }
            writing.countDown();
        });
        reader.join();
        assertEquals(0, torn[0], "torn entries of " + checked[0]);
        assertTrue(checked[0] > 0, "the reader saw no entries");
    }

    /** Thread and index in one value, so a reader can tell whose write it sees. */
    private static long sendMicros(int thread, int i) {
        return ((long) thread << 32) | i;
    }

    private static int size(int thread, int i) {
        return 100 + (i * 7 + thread * 131) % 1300;
    }

    private interface PerThread {
        void run(int thread);
    }

    private static void runConcurrently(PerThread body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[THREADS];
        Throwable[] failures = new Throwable[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    body.run(thread);
                } catch (Throwable failure) {
                    failures[thread] = failure;
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (int t = 0; t < THREADS; t++) {
            threads[t].join();
            assertEquals(null, failures[t], "thread " + t);
        }
    }
}
