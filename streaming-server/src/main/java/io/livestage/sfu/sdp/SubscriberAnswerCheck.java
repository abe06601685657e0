package io.livestage.sfu.sdp;

import java.util.List;

/** Checks one m-section of a subscriber's answer against the section we offered in its place. */
final class SubscriberAnswerCheck {

    private SubscriberAnswerCheck() {
    }

    static AnsweredSection section(int index, SubscriberSection offered, OfferedSection answered)
            throws SdpException {
        String mid = offered.mid();
        if (answered.mid() == null || !answered.mid().equals(mid)) {
            throw new SdpException("the answer's m-section " + (index + 1) + " has "
                    + (answered.mid() == null ? "no a=mid" : "a=mid:" + answered.mid()) + ", our offer has mid " + mid);
        }
        if (!answered.kind().equals(offered.kind())) {
            throw new SdpException("mid " + mid + " is " + answered.kind() + " in the answer, " + offered.kind()
                    + " in our offer");
        }
        if (answered.port() == 0) {
            return new AnsweredSection(mid, false, MediaDirection.INACTIVE, List.of(), List.of());
        }
        if (!offered.bundled()) {
            throw new SdpException("the answer enables mid " + mid + ", which our offer closed (port 0)");
        }
        if (answered.direction().sends()) {
            throw new SdpException("mid " + mid + ": the answer says a=" + answered.direction().attribute()
                    + ", but we only send to viewers; receiving media from them is not supported");
        }
        if (!answered.rtcpMux()) {
            throw new SdpException("mid " + mid + ": the answer has no a=rtcp-mux; we multiplex RTCP with RTP");
        }
        for (RtpCodec codec : answered.codecs()) {
            if (!offersPayloadType(offered, codec.payloadType())) {
                throw new SdpException("mid " + mid + ": the answer has payload type " + codec.payloadType()
                        + ", which our offer did not offer");
            }
        }
        for (HeaderExtension extension : answered.extensions()) {
            if (!offered.extensions().contains(extension)) {
                throw new SdpException("mid " + mid + ": the answer maps extension id " + extension.id() + " to "
                        + extension.uri() + ", which our offer did not");
            }
        }
        return new AnsweredSection(mid, true, answered.direction(), answered.codecs(), answered.extensions());
    }

    private static boolean offersPayloadType(SubscriberSection offered, int payloadType) {
        for (RtpCodec codec : offered.codecs()) {
            if (codec.payloadType() == payloadType) {
                return true;
            }
        }
        return false;
    }
}
