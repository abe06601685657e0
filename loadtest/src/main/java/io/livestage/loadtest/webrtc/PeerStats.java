package io.livestage.loadtest.webrtc;

/**
 * Counters of one {@link WebRtcPeer}.
 *
 * @param sendRefused   RTP/RTCP not sent: not connected yet, socket backlog full, or protection failed
 * @param decryptFailed SRTP/SRTCP packets that did not authenticate or decrypt
 * @param ignored       datagrams from elsewhere than the server, of an unknown kind, or media before keys
 * @param iceNanos      time from connect to the first valid check response, -1 before
 * @param dtlsNanos     DTLS handshake time, -1 before
 */
public record PeerStats(PeerState state, long rtpSent, long rtcpSent, long sendRefused, long rtpReceived,
        long rtcpReceived, long decryptFailed, long ignored, long iceNanos, long dtlsNanos) {
}
