package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/** Tracks as the media plane would describe them to a subscriber's offer. */
final class SubscriberFixtures {

    static final long SESSION_ID = 4242424242424242L;

    static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
            List.of("transport-cc"));
    static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, null,
            List.of("transport-cc", "ccm fir", "nack", "nack pli"));
    static final RtpCodec VP8_RTX = new RtpCodec(97, "rtx", 90000, 1, "apt=96", List.of());

    static final List<HeaderExtension> AUDIO_EXTENSIONS = List.of(
            new HeaderExtension(1, HeaderExtension.AUDIO_LEVEL),
            new HeaderExtension(2, HeaderExtension.ABS_SEND_TIME),
            new HeaderExtension(3, HeaderExtension.TRANSPORT_CC),
            new HeaderExtension(4, HeaderExtension.MID));
    static final List<HeaderExtension> VIDEO_EXTENSIONS = AUDIO_EXTENSIONS.subList(1, 4);

    static final OutgoingTrack HOST_AUDIO = new OutgoingTrack("audio", "host", "hostStream", "hostMic",
            1001, -1, "hostCname", List.of(OPUS), AUDIO_EXTENSIONS);
    static final OutgoingTrack HOST_VIDEO = new OutgoingTrack("video", "host", "hostStream", "hostCam",
            1002, 1003, "hostCname", List.of(VP8, VP8_RTX), VIDEO_EXTENSIONS);
    static final OutgoingTrack GUEST_AUDIO = new OutgoingTrack("audio", "guest", "guestStream", "guestMic",
            2001, -1, "guestCname", List.of(OPUS), AUDIO_EXTENSIONS);
    static final OutgoingTrack GUEST_VIDEO = new OutgoingTrack("video", "guest", "guestStream", "guestCam",
            2002, 2003, "guestCname", List.of(VP8, VP8_RTX), VIDEO_EXTENSIONS);

    private SubscriberFixtures() {
    }

    /** A track from a publisher's accepted m-section, as the media plane derives it from a publish. */
    static OutgoingTrack fromPublisher(String user, String streamId, String trackId, AcceptedMedia media) {
        long ssrc = media.ssrcs().get(0).ssrc();
        return new OutgoingTrack(media.kind(), user, streamId, trackId, ssrc, media.rtxSsrc(ssrc),
                media.ssrcs().get(0).cname(), media.codecs(), media.extensions());
    }

    /** The lines of a bundled section's transport, as our offers write them. */
    static List<String> transportLines() {
        return List.of(
                "a=ice-ufrag:lsUfrag1",
                "a=ice-pwd:lsPassword0123456789abcd",
                "a=fingerprint:sha-256 " + SdpFixtures.OUR_FINGERPRINT,
                "a=setup:actpass",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
                "a=end-of-candidates");
    }

    /** A bundled section as our offers write it: m=, c=, a=mid, the transport, then {@code rest}. */
    static List<String> bundledSection(String mLine, String mid, List<String> rest) {
        List<String> lines = new ArrayList<>();
        lines.add(mLine);
        lines.add("c=IN IP4 0.0.0.0");
        lines.add("a=mid:" + mid);
        lines.addAll(transportLines());
        lines.addAll(rest);
        return lines;
    }
}
