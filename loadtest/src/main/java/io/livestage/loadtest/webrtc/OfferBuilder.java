package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.sdp.HeaderExtension;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the SDP offer of a browser-like WebRTC client: one BUNDLE transport with rtcp-mux, an
 * Opus audio section and a VP8 (+ RTX) video section, DTLS {@code actpass} so that the ICE-lite
 * server can take the passive role and we act as DTLS client. No candidates: the server is
 * ICE-lite and learns our address from our checks. A simulcast video section lists its layers
 * ({@code a=rid}, {@code a=simulcast:send}, lowest first) and no SSRCs, as browsers do: the server
 * learns each layer's SSRC from the RID header extension.
 */
public final class OfferBuilder {

    public static final String AUDIO_MID = "0";
    public static final String VIDEO_MID = "1";
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int VP8_RTX_PT = 97;
    public static final int OPUS_CLOCK_RATE = 48_000;
    public static final int VIDEO_CLOCK_RATE = 90_000;

    private static final String CRLF = "\r\n";

    private OfferBuilder() {
    }

    /** A publisher's offer: both sections {@code sendonly} with their SSRCs, msid and the RTX FID group. */
    public static String publisher(IceCredentials ice, DtlsFingerprint fingerprint, LocalTracks tracks) {
        return publisher(ice, fingerprint, tracks, List.of());
    }

    /**
     * A publisher's offer whose video goes as simulcast layers with these rids (lowest first); with
     * no rids, the same as {@link #publisher(IceCredentials, DtlsFingerprint, LocalTracks)}.
     */
    public static String publisher(IceCredentials ice, DtlsFingerprint fingerprint, LocalTracks tracks,
            List<String> rids) {
        return write(ice, fingerprint, Objects.requireNonNull(tracks, "tracks"), List.copyOf(rids));
    }

    /** A receive-only offer of the same shape ({@code recvonly}, no SSRCs), for subscriber-style peers. */
    public static String receiver(IceCredentials ice, DtlsFingerprint fingerprint) {
        return write(ice, fingerprint, null, List.of());
    }

    private static String write(IceCredentials ice, DtlsFingerprint fingerprint, LocalTracks tracks,
            List<String> rids) {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        StringBuilder sdp = new StringBuilder(3072);
        line(sdp, "v=0");
        line(sdp, "o=- " + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=group:BUNDLE " + AUDIO_MID + " " + VIDEO_MID);
        line(sdp, "a=msid-semantic: WMS" + (tracks == null ? "" : " " + tracks.streamId()));
        audio(sdp, ice, fingerprint, tracks);
        video(sdp, ice, fingerprint, tracks, rids);
        return sdp.toString();
    }

    private static void audio(StringBuilder sdp, IceCredentials ice, DtlsFingerprint fingerprint, LocalTracks tracks) {
        line(sdp, "m=audio 9 UDP/TLS/RTP/SAVPF " + OPUS_PT);
        transport(sdp, ice, fingerprint, AUDIO_MID);
        RtpExtensionIds ids = RtpExtensionIds.OFFERED_AUDIO;
        line(sdp, "a=extmap:" + ids.audioLevel() + " " + HeaderExtension.AUDIO_LEVEL);
        commonExtensions(sdp, ids);
        direction(sdp, tracks, tracks == null ? null : tracks.audioTrackId());
        line(sdp, "a=rtcp-mux");
        line(sdp, "a=rtpmap:" + OPUS_PT + " opus/" + OPUS_CLOCK_RATE + "/2");
        line(sdp, "a=rtcp-fb:" + OPUS_PT + " transport-cc");
        line(sdp, "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1");
        if (tracks != null) {
            ssrc(sdp, tracks.audioSsrc(), tracks, tracks.audioTrackId());
        }
    }

    private static void video(StringBuilder sdp, IceCredentials ice, DtlsFingerprint fingerprint, LocalTracks tracks,
            List<String> rids) {
        line(sdp, "m=video 9 UDP/TLS/RTP/SAVPF " + VP8_PT + " " + VP8_RTX_PT);
        transport(sdp, ice, fingerprint, VIDEO_MID);
        commonExtensions(sdp, RtpExtensionIds.OFFERED_VIDEO);
        if (!rids.isEmpty()) {
            line(sdp, "a=extmap:" + RtpExtensionIds.OFFERED_SIMULCAST_VIDEO.rid() + " " + HeaderExtension.RID);
            line(sdp, "a=extmap:" + RtpExtensionIds.OFFERED_REPAIRED_RID + " " + HeaderExtension.REPAIRED_RID);
        }
        direction(sdp, tracks, tracks == null ? null : tracks.videoTrackId());
        line(sdp, "a=rtcp-mux");
        line(sdp, "a=rtcp-rsize");
        line(sdp, "a=rtpmap:" + VP8_PT + " VP8/" + VIDEO_CLOCK_RATE);
        for (String feedback : new String[] {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}) {
            line(sdp, "a=rtcp-fb:" + VP8_PT + " " + feedback);
        }
        line(sdp, "a=rtpmap:" + VP8_RTX_PT + " rtx/" + VIDEO_CLOCK_RATE);
        line(sdp, "a=fmtp:" + VP8_RTX_PT + " apt=" + VP8_PT);
        if (!rids.isEmpty()) {
            for (String rid : rids) {
                line(sdp, "a=rid:" + rid + " send");
            }
            line(sdp, "a=simulcast:send " + String.join(";", rids));
        } else if (tracks != null) {
            line(sdp, "a=ssrc-group:FID " + tracks.videoSsrc() + " " + tracks.videoRtxSsrc());
            ssrc(sdp, tracks.videoSsrc(), tracks, tracks.videoTrackId());
            ssrc(sdp, tracks.videoRtxSsrc(), tracks, tracks.videoTrackId());
        }
    }

    private static void transport(StringBuilder sdp, IceCredentials ice, DtlsFingerprint fingerprint, String mid) {
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        line(sdp, "a=ice-ufrag:" + ice.ufrag());
        line(sdp, "a=ice-pwd:" + ice.pwd());
        line(sdp, "a=fingerprint:" + fingerprint.toSdpValue());
        line(sdp, "a=setup:actpass");
        line(sdp, "a=mid:" + mid);
    }

    private static void commonExtensions(StringBuilder sdp, RtpExtensionIds ids) {
        line(sdp, "a=extmap:" + ids.absSendTime() + " " + HeaderExtension.ABS_SEND_TIME);
        line(sdp, "a=extmap:" + ids.transportCc() + " " + HeaderExtension.TRANSPORT_CC);
        line(sdp, "a=extmap:" + ids.mid() + " " + HeaderExtension.MID);
    }

    private static void direction(StringBuilder sdp, LocalTracks tracks, String trackId) {
        if (tracks == null) {
            line(sdp, "a=recvonly");
        } else {
            line(sdp, "a=sendonly");
            line(sdp, "a=msid:" + tracks.streamId() + " " + trackId);
        }
    }

    private static void ssrc(StringBuilder sdp, long ssrc, LocalTracks tracks, String trackId) {
        line(sdp, "a=ssrc:" + ssrc + " cname:" + tracks.cname());
        line(sdp, "a=ssrc:" + ssrc + " msid:" + tracks.streamId() + " " + trackId);
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append(CRLF);
    }
}
