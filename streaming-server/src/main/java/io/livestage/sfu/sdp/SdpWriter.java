package io.livestage.sfu.sdp;

import java.util.List;

/** Writes SDP lines (CRLF-terminated, RFC 8866) in the shapes our answers and offers share. */
final class SdpWriter {

    private static final String CRLF = "\r\n";

    private final StringBuilder sdp = new StringBuilder(2048);

    SdpWriter line(String line) {
        sdp.append(line).append(CRLF);
        return this;
    }

    /** ICE credentials, our certificate's fingerprint, the DTLS role, then every host candidate. */
    void transport(LocalTransportDescription local, DtlsSetup setup) {
        line("a=ice-ufrag:" + local.ice().ufrag());
        line("a=ice-pwd:" + local.ice().pwd());
        line("a=fingerprint:sha-256 " + local.fingerprintSha256());
        line("a=setup:" + setup.attribute());
        List<HostCandidate> candidates = local.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            HostCandidate candidate = candidates.get(i);
            line("a=candidate:" + (i + 1) + " 1 udp " + hostPriority(i) + " " + candidate.address() + " "
                    + candidate.port() + " typ host");
        }
        // We never trickle: an ICE-lite server knows all its candidates up front.
        line("a=end-of-candidates");
    }

    void extensions(List<HeaderExtension> extensions) {
        for (HeaderExtension extension : extensions) {
            line("a=extmap:" + extension.id() + " " + extension.uri());
        }
    }

    /** rtpmap, rtcp-fb and fmtp lines of each codec, in the order given. */
    void codecs(List<RtpCodec> codecs) {
        for (RtpCodec codec : codecs) {
            String encoding = codec.name() + "/" + codec.clockRate() + (codec.channels() > 1 ? "/" + codec.channels() : "");
            line("a=rtpmap:" + codec.payloadType() + " " + encoding);
            for (String feedback : codec.feedback()) {
                line("a=rtcp-fb:" + codec.payloadType() + " " + feedback);
            }
            if (codec.fmtp() != null) {
                line("a=fmtp:" + codec.payloadType() + " " + codec.fmtp());
            }
        }
    }

    /** The format list of an m= line: the payload types in order. */
    static String formats(List<RtpCodec> codecs) {
        StringBuilder formats = new StringBuilder();
        for (RtpCodec codec : codecs) {
            formats.append(' ').append(codec.payloadType());
        }
        return formats.toString();
    }

    /** RFC 8445 section 5.1.2.1: host type preference 126, local preference falling by candidate, component 1. */
    static long hostPriority(int index) {
        return (126L << 24) | ((long) (65535 - index) << 8) | 255;
    }

    @Override
    public String toString() {
        return sdp.toString();
    }
}
