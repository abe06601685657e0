package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.sfu.rtp.Vp8Descriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dropping and adding VP8 temporal layers (L1T3's 0-2-1-2 pattern) without a keyframe. */
class TemporalFilterTest {
    /** One group of four frames: TID 0, 2, 1, 2; the TID 1 and 2 frames after the TL0 one sync. */
    private static final int[] PATTERN = {0, 2, 1, 2};

    private final TemporalFilter filter = new TemporalFilter();
    private final Vp8Descriptor vp8 = new Vp8Descriptor();

    @Test
    void loweringTakesEffectAtTheNextFrameRaisingAtTheNextOneThatCanBeDecoded() {
        List<Integer> sent = new ArrayList<>();
        for (int frame = 0; frame < 12; frame++) {
            int wanted = frame < 4 ? TemporalFilter.ALL : frame < 9 ? 0 : TemporalFilter.ALL;
            int tid = PATTERN[frame % 4];
            // Only the first TID 1 / TID 2 frames after a TL0 frame are marked layer sync.
            boolean sync = frame % 4 == 1 || frame % 4 == 2;
            if (filter.accept(frame(tid, sync), wanted)) {
                sent.add(frame);
            }
        }
        // Frame 9 (TID 2, layer sync) is decodable right after TL0 frame 8; frame 10 and 11 follow.
        assertEquals(List.of(0, 1, 2, 3, 4, 8, 9, 10, 11), sent);
    }

    @Test
    void aRaiseWithoutLayerSyncWaitsForTheNextBaseLayerFrame() {
        filter.reset(0);
        assertEquals(false, filter.accept(frame(2, false), TemporalFilter.ALL));
        assertEquals(false, filter.accept(frame(1, false), TemporalFilter.ALL));
        assertEquals(true, filter.accept(frame(0, false), TemporalFilter.ALL));
        assertEquals(true, filter.accept(frame(2, false), TemporalFilter.ALL));
    }

    @Test
    void aStreamWithoutTemporalLayersIsAlwaysSent() {
        vp8.clear();
        assertEquals(true, filter.accept(vp8, 0));
    }

    private Vp8Descriptor frame(int tid, boolean sync) {
        byte[] payload = {(byte) 0x90, 0x20, (byte) (tid << 6 | (sync ? 0x20 : 0)), 0x01};
        vp8.read(payload, 0, payload.length);
        return vp8;
    }
}
