package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.sdp.SdpAttribute;
import io.livestage.sfu.sdp.SdpDocument;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpMedia;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a server's subscriber offer as a receive-only browser would: every {@code sendonly}
 * section becomes {@code recvonly} with all its codecs and header extensions as offered, an
 * {@code inactive} section (the placeholder of a room nobody publishes in) stays inactive, a
 * closed one (port 0) stays closed; every open section is bundled on our one transport with our
 * ICE credentials, fingerprint, {@code a=setup:active} (we are the DTLS client) and rtcp-mux.
 */
public final class SubscriberAnswerBuilder {

    /** Offer attributes an answer repeats as they are: the section's media format. */
    private static final Set<String> COPIED = Set.of("extmap", "rtpmap", "fmtp", "rtcp-fb", "rtcp-rsize");
    private static final String CRLF = "\r\n";

    private SubscriberAnswerBuilder() {
    }

    public static String answer(String offerSdp, IceCredentials ice, DtlsFingerprint fingerprint) {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        List<SdpMedia> sections;
        try {
            sections = SdpDocument.parse(offerSdp).media();
        } catch (SdpException e) {
            throw new WebRtcException(WebRtcFailure.BAD_ANSWER, "unparseable offer: " + e.getMessage());
        }
        StringBuilder sdp = new StringBuilder(4096);
        line(sdp, "v=0");
        line(sdp, "o=- " + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (SdpMedia media : sections) {
            if (media.port() != 0) {
                bundle.append(' ').append(mid(media));
            }
        }
        line(sdp, bundle.toString());
        line(sdp, "a=msid-semantic: WMS");
        for (SdpMedia media : sections) {
            if (media.port() == 0) {
                closed(sdp, media);
            } else {
                open(sdp, media, ice, fingerprint);
            }
        }
        return sdp.toString();
    }

    private static void open(StringBuilder sdp, SdpMedia media, IceCredentials ice, DtlsFingerprint fingerprint) {
        line(sdp, "m=" + media.kind() + " 9 " + media.proto() + formats(media));
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "a=ice-ufrag:" + ice.ufrag());
        line(sdp, "a=ice-pwd:" + ice.pwd());
        line(sdp, "a=fingerprint:" + fingerprint.toSdpValue());
        line(sdp, "a=setup:active");
        line(sdp, "a=mid:" + mid(media));
        boolean sent = media.has("sendonly") || media.has("sendrecv");
        line(sdp, sent ? "a=recvonly" : "a=inactive");
        line(sdp, "a=rtcp-mux");
        for (SdpAttribute attribute : media.attributes()) {
            if (COPIED.contains(attribute.name())) {
                line(sdp, "a=" + attribute.name() + (attribute.value() == null ? "" : ":" + attribute.value()));
            }
        }
    }

    /** RFC 8843 7.3.3: a rejected section keeps port 0 and says nothing about the transport. */
    private static void closed(StringBuilder sdp, SdpMedia media) {
        line(sdp, "m=" + media.kind() + " 0 " + media.proto() + formats(media));
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "a=mid:" + mid(media));
        line(sdp, "a=inactive");
    }

    private static String mid(SdpMedia media) {
        String mid = media.value("mid");
        if (mid == null) {
            throw new WebRtcException(WebRtcFailure.BAD_ANSWER, "an offered " + media.kind() + " section has no a=mid");
        }
        return mid.trim();
    }

    private static String formats(SdpMedia media) {
        StringBuilder formats = new StringBuilder();
        for (String format : media.formats()) {
            formats.append(' ').append(format);
        }
        return formats.toString();
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append(CRLF);
    }
}
