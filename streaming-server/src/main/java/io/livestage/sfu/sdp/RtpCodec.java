package io.livestage.sfu.sdp;

import java.util.List;

/**
 * One payload type of an m-section: {@code a=rtpmap}, its {@code a=fmtp} parameters (verbatim,
 * null when absent) and its {@code a=rtcp-fb} values.
 */
public record RtpCodec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {

    public RtpCodec {
        feedback = List.copyOf(feedback);
    }

    public boolean isRtx() {
        return name.equalsIgnoreCase("rtx");
    }

    /** A parameter of the fmtp line ({@code key=value;...}), or null. */
    public String parameter(String key) {
        if (fmtp == null) {
            return null;
        }
        for (String pair : fmtp.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** For an RTX payload type, the payload type it retransmits ({@code apt=}); otherwise -1. */
    public int associatedPayloadType() {
        String apt = isRtx() ? parameter("apt") : null;
        if (apt == null) {
            return -1;
        }
        try {
            return Integer.parseInt(apt);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    RtpCodec withFeedback(List<String> kept) {
        return new RtpCodec(payloadType, name, clockRate, channels, fmtp, kept);
    }

    /** The codec with this payload type in the list, or null. */
    public static RtpCodec find(List<RtpCodec> codecs, int payloadType) {
        for (RtpCodec codec : codecs) {
            if (codec.payloadType() == payloadType) {
                return codec;
            }
        }
        return null;
    }
}
