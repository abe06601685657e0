package io.livestage.sfu.transport;

import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SubscriberSection;
import java.util.Arrays;

/**
 * A subscriber's retransmission stream for one track (RFC 4588): the RTX SSRC our offer paired
 * with the track's (FID) and, for each media payload type the subscriber took, the RTX payload
 * type whose {@code apt} names it. The publisher's own RTX stream is never forwarded, so the
 * sequence numbers of this one are ours. Used on the producer's loop only.
 */
final class RtxStream {
    private static final int NONE = -1;

    private final long ssrc;
    private final int[] payloadTypes = new int[128];
    private int nextSequence;

    private RtxStream(long ssrc) {
        this.ssrc = ssrc;
        Arrays.fill(payloadTypes, NONE);
    }

    /**
     * The stream the subscriber can receive under {@code rtxSsrc} (the track's, or one layer's of a track sent in
     * layers), or null when our offer had none or its answer took none.
     */
    static RtxStream of(SubscriberSection section, AnsweredSection answered, long rtxSsrc) {
        if (section.track() == null || rtxSsrc == -1) {
            return null;
        }
        RtxStream stream = new RtxStream(rtxSsrc);
        boolean any = false;
        for (RtpCodec codec : section.codecs()) {
            int media = codec.associatedPayloadType();
            if (codec.name().equalsIgnoreCase("rtx") && media >= 0 && media < 128
                    && answered.codec(codec.payloadType()) != null && answered.codec(media) != null) {
                stream.payloadTypes[media] = codec.payloadType();
                any = true;
            }
        }
        return any ? stream : null;
    }

    long ssrc() {
        return ssrc;
    }

    /** The RTX payload type for the subscriber's media payload type, or -1. */
    int payloadTypeFor(int mediaPayloadType) {
        return payloadTypes[mediaPayloadType & 0x7F];
    }

    int nextSequence() {
        int sequence = nextSequence;
        nextSequence = (sequence + 1) & 0xFFFF;
        return sequence;
    }
}
