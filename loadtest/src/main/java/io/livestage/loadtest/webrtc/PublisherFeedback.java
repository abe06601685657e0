package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtcp.FullIntraRequest;
import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a publisher does with the server's RTCP: a PLI or FIR asks a video source for a keyframe,
 * as a browser's encoder would; everything is counted. A request is counted for the video stream
 * whose SSRC it names, or as naming none (the server also asks about the audio SSRC when a viewer
 * joins). One video stream answers every request, whatever it names, as it always has; simulcast
 * layers answer only their own, since the server asks per layer. On the peer's event loop.
 */
final class PublisherFeedback implements MediaReceiver {

    private static final Vp8Packetizer[] NONE = new Vp8Packetizer[0];

    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private volatile Vp8Packetizer[] video = NONE;
    /** Per source of {@link #video}, in the same order, then one for requests naming none; read from other threads. */
    private volatile AtomicLongArray requestsBySource = new AtomicLongArray(1);
    private volatile long keyframeRequests;
    private volatile long nacks;

    /** The video sources, before media starts: one stream, or the simulcast layers lowest first. */
    void attach(Vp8Packetizer... sources) {
        this.requestsBySource = new AtomicLongArray(sources.length + 1);
        this.video = sources.clone();
    }

    @Override
    public void onRtcp(WebRtcPeer peer, byte[] buf, int off, int len) {
        if (!reader.wrap(buf, off, len)) {
            return;
        }
        for (RtcpKind kind = reader.next(); kind != RtcpKind.END; kind = reader.next()) {
            if (kind == RtcpKind.PLI) {
                keyframeRequests++;
                requestKeyframe(reader.pli().mediaSsrc());
            } else if (kind == RtcpKind.FIR) {
                keyframeRequests++;
                FullIntraRequest fir = reader.fir();
                for (int i = 0; i < fir.entryCount(); i++) {
                    requestKeyframe(fir.entrySsrc(i));
                }
            } else if (kind == RtcpKind.NACK) {
                nacks++;
            }
        }
    }

    private void requestKeyframe(long ssrc) {
        Vp8Packetizer[] sources = video;
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].ssrc() == ssrc) {
                sources[i].requestKeyframe();
                requestsBySource.incrementAndGet(i);
                return;
            }
        }
        requestsBySource.incrementAndGet(sources.length);
        if (sources.length == 1) {
            sources[0].requestKeyframe();
        }
    }

    /** PLIs and FIRs received, whatever they named. */
    long keyframeRequests() {
        return keyframeRequests;
    }

    /**
     * Keyframe requests so far per video source, in the order attached, then those that named no video
     * source (an FIR counts once per entry).
     */
    long[] keyframeRequestsBySource() {
        AtomicLongArray counts = requestsBySource;
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    long nacks() {
        return nacks;
    }
}
