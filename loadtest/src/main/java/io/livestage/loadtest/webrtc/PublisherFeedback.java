package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;

/**
 * What a publisher does with the server's RTCP: a PLI or FIR asks the video source for a keyframe,
 * as a browser's encoder would; everything is counted. On the peer's event loop.
 */
final class PublisherFeedback implements MediaReceiver {

    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private volatile Vp8Packetizer video;
    private volatile long keyframeRequests;
    private volatile long nacks;

    void attach(Vp8Packetizer source) {
        this.video = source;
    }

    @Override
    public void onRtcp(WebRtcPeer peer, byte[] buf, int off, int len) {
        if (!reader.wrap(buf, off, len)) {
            return;
        }
        for (RtcpKind kind = reader.next(); kind != RtcpKind.END; kind = reader.next()) {
            if (kind == RtcpKind.PLI || kind == RtcpKind.FIR) {
                keyframeRequests++;
                Vp8Packetizer source = video;
                if (source != null) {
                    source.requestKeyframe();
                }
            } else if (kind == RtcpKind.NACK) {
                nacks++;
            }
        }
    }

    long keyframeRequests() {
        return keyframeRequests;
    }

    long nacks() {
        return nacks;
    }
}
