package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.udp.MediaLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class LoopSaturationTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicReferenceArray<MediaLoop> group = new AtomicReferenceArray<>(2);
    private final MediaLoop first = new MediaLoop(new EmbeddedChannel(), 0, group);
    private final MediaLoop second = new MediaLoop(new EmbeddedChannel(), 1, group);

    @Test
    void aLoopBusyNearlyAllOfTheLastSecondRefusesNewTransportsWithTheReason() {
        long start = System.nanoTime();
        first.sampleBusy(start);
        second.sampleBusy(start);
        first.worked(SECOND / 2);
        second.worked(SECOND * 97 / 100);
        first.sampleBusy(start + SECOND);
        second.sampleBusy(start + SECOND);

        assertEquals(50, first.busyPercent());
        assertEquals(97, second.busyPercent());
        assertSame(second, LoopSaturation.saturated(List.of(first, second)));
        MediaException refusal = LoopSaturation.refusal(second);
        assertEquals(MediaException.Reason.UNAVAILABLE, refusal.reason());
        assertTrue(refusal.getMessage().contains("media loop 1 was 97% busy"), refusal.getMessage());
    }

    @Test
    void loopsThatKeepUpAdmitAndASecondOfRestClearsASaturatedOne() {
        long start = System.nanoTime();
        first.sampleBusy(start);
        first.worked(SECOND * 94 / 100);
        first.sampleBusy(start + SECOND);
        assertNull(LoopSaturation.saturated(List.of(first, second)), "94% keeps up");

        first.worked(2 * SECOND);
        first.sampleBusy(start + 2 * SECOND);
        assertEquals(100, first.busyPercent(), "capped: work counted late still means saturated");
        first.sampleBusy(start + 3 * SECOND);
        assertEquals(0, first.busyPercent());
        assertNull(LoopSaturation.saturated(List.of(first, second)));
    }
}
