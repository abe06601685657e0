package io.livestage.sfu;

import io.livestage.sfu.udp.MediaLoop;
import java.util.List;

/**
 * Admission by media-loop load: a loop that spent nearly all of the last two seconds on media cannot
 * keep up, and the datagrams queued in its socket include new peers' ICE checks and DTLS, which
 * would then time out behind them. The kernel spreads new peers over every loop's socket, so one
 * saturated loop is enough to refuse a new transport cleanly (`unavailable`, with the reason)
 * rather than let it fail in ICE ten seconds later. Two seconds, not one: a join ramp's DTLS
 * handshakes and compilation take the cores from the loops for a moment, which counts as busy
 * without the loop falling behind for good.
 */
final class LoopSaturation {
    /** A loop busy this share of each of the last two seconds, in percent, is saturated. */
    static final int SATURATED_BUSY_PERCENT = 95;

    private LoopSaturation() {
    }

    /** The first saturated loop, or null when every loop keeps up. Any thread. */
    static MediaLoop saturated(List<MediaLoop> loops) {
        for (MediaLoop loop : loops) {
            if (loop.sustainedBusyPercent() >= SATURATED_BUSY_PERCENT) {
                return loop;
            }
        }
        return null;
    }

    static MediaException refusal(MediaLoop loop) {
        return new MediaException(MediaException.Reason.UNAVAILABLE, "the media server is saturated (media loop "
                + loop.index() + " was " + loop.sustainedBusyPercent() + "% busy or more in each of the last two seconds); "
                + "try again shortly");
    }
}
