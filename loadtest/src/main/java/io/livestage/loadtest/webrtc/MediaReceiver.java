package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtp.RtpPacket;

/**
 * Hears decrypted media on a {@link WebRtcPeer}, on the peer's event loop: be quick, do not block,
 * and copy what you keep (the bytes are the peer's receive buffer, reused for the next datagram).
 */
public interface MediaReceiver {

    MediaReceiver NONE = new MediaReceiver() {
    };

    /**
     * Sees an SRTP packet before decryption (its RTP header is in the clear) and may discard it, as
     * if the network had lost it: SRTP's replay protection then still accepts a retransmission.
     */
    default boolean dropBeforeDecryption(byte[] buf, int off, int len) {
        return false;
    }

    /** A decrypted RTP packet, already validated by {@link RtpPacket#wrap}. */
    default void onRtp(WebRtcPeer peer, RtpPacket packet) {
    }

    /** A decrypted RTCP compound packet. */
    default void onRtcp(WebRtcPeer peer, byte[] buf, int off, int len) {
    }
}
