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
    void aLoopBusyNearlyAllOfTheLastTwoSecondsRefusesNewTransportsWithTheReason() {
        long start = System.nanoTime();
        first.sampleBusy(start);
        second.sampleBusy(start);
        for (int i = 1; i <= 2; i++) {
            first.worked(SECOND / 2);
            second.worked(SECOND * (96 + i) / 100);
            first.sampleBusy(start + i * SECOND);
            second.sampleBusy(start + i * SECOND);
            assertEquals(i == 1 ? null : second, LoopSaturation.saturated(List.of(first, second)),
                    "one busy second is a moment, two are a loop behind");
        }
        assertEquals(50, first.busyPercent());
        assertEquals(98, second.busyPercent());
        assertEquals(97, second.sustainedBusyPercent());
        MediaException refusal = LoopSaturation.refusal(second);
        assertEquals(MediaException.Reason.UNAVAILABLE, refusal.reason());
        assertTrue(refusal.getMessage().contains("media loop 1 was 97% busy or more in each of the last two seconds"),
                refusal.getMessage());
    }

    @Test
    void loopsThatKeepUpAdmitAndASecondOfRestClearsASaturatedOne() {
        long start = System.nanoTime();
        first.sampleBusy(start);
        for (int i = 1; i <= 2; i++) {
            first.worked(SECOND * 94 / 100);
            first.sampleBusy(start + i * SECOND);
        }
        assertNull(LoopSaturation.saturated(List.of(first, second)), "94% keeps up");

        for (int i = 3; i <= 4; i++) {
            first.worked(2 * SECOND);
            first.sampleBusy(start + i * SECOND);
        }
        assertEquals(100, first.sustainedBusyPercent(), "capped: work counted late still means saturated");
        assertSame(first, LoopSaturation.saturated(List.of(first, second)));
        first.sampleBusy(start + 5 * SECOND);
        assertEquals(0, first.busyPercent());
        assertNull(LoopSaturation.saturated(List.of(first, second)));
    }
}
