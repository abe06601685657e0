package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.Vp8Descriptor;

/**
 * Which VP8 temporal layers of the projected stream one subscriber gets (L1T3: 0, 1 and 2, a
 * third, two thirds and all of the frame rate). Dropping a layer needs no keyframe: it starts at
 * the next frame. Adding one waits for a frame the decoder can take without the frames it missed:
 * a TL0 frame, or one marked layer sync. Used on the producer's loop only.
 */
final class TemporalFilter {
    /** Every temporal layer (L1T3's highest index). */
    static final int ALL = 2;

    private int current = ALL;

    /** Whether to send this packet of the projected layer, given the highest temporal layer wanted. */
    boolean accept(Vp8Descriptor vp8, int wanted) {
        int layer = vp8.temporalLayer();
        if (layer == Vp8Descriptor.ABSENT) {
            return true;
        }
        if (vp8.frameStart() && wanted != current
                && (wanted < current || layer == 0 || (vp8.layerSync() && layer <= wanted))) {
            current = wanted;
        }
        return layer <= current;
    }

    /** A spatial switch starts on a keyframe, after which every temporal layer decodes. */
    void reset(int wanted) {
        current = wanted;
    }
}
