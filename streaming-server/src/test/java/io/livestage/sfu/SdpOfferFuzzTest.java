package io.livestage.sfu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livestage.sfu.sdp.OfferedSection;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SsrcDescription;
import io.livestage.sfu.sdp.SsrcGroup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher's offer, fuzzed, through {@link SdpOffer#parse} alone: the fast target for the
 * parser itself. {@link SdpRoundTripFuzzTest} runs each offer through the whole publish and
 * subscribe path too, at a few hundred inputs a second; this one runs the parser tens of thousands
 * of times a second, so it can reach the millions of inputs a parser needs.
 *
 * <p>The only refusal allowed is {@link SdpException}. What parsing accepted keeps what the rest of
 * the media plane relies on: named, distinct sections; for an RTP section one codec per m= line
 * format, in order, with distinct payload types in 0..127; extension ids in 1..255; 32-bit SSRCs;
 * no simulcast or two to three distinct, well-formed rids. And the same offer written with CRLF or
 * LF line ends reads the same (browsers send CRLF; hand-written and relayed SDP often has LF).
 */
class SdpOfferFuzzTest {
    /** RFC 8851 rid-syntax as {@code SimulcastOffer} takes it: at most 16 characters. */
    private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"a=rtpmap:", "a=fmtp:", "a=rtcp-fb:", "a=extmap:", "a=ssrc:", " cname:",
            " msid:", "a=ssrc-group:FID ", "a=mid:", "a=msid:", "a=rid:", " send", "a=simulcast:send ",
            "a=group:BUNDLE ", "m=video 9 UDP/TLS/RTP/SAVPF ", "m=audio 9 UDP/TLS/RTP/SAVPF ", "VP8/90000",
            "H264/90000", "opus/48000/2", "rtx/90000", "apt=", "packetization-mode=1", "a=setup:", "a=rtcp-mux",
            "a=sendonly", "a=inactive", "a=bundle-only", "nack pli", "transport-cc", "ccm fir",
            "a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:sha-256 ", "a=candidate:", "a=ice-lite",
            "urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
            "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "urn:ietf:params:rtp-hdrext:ssrc-audio-level"})
    void parse(byte[] input) {
        String sdp = new String(input, UTF_8);
        SdpOffer offer = parseOrNull(sdp);
        if (offer != null) {
            checkOffer(offer);
        }
        // Only CRLF and LF line ends (a lone CR stays inside its line): the other spelling reads the same.
        String lf = sdp.replace("\r\n", "\n");
        if (lf.indexOf('\r') < 0) {
            String other = lf.equals(sdp) ? sdp.replace("\n", "\r\n") : lf;
            if (!other.equals(sdp)) {
                assertEquals(offer, parseOrNull(other), "CRLF and LF line ends read differently");
            }
        }
    }

    /** The offer, or null when the parser refused it with the one refusal it may use. */
    private static SdpOffer parseOrNull(String sdp) {
        try {
            return SdpOffer.parse(sdp);
        } catch (SdpException refused) {
            return null;
        }
    }

    private static void checkOffer(SdpOffer offer) {
        assertFalse(offer.sections().isEmpty(), "an offer without m-sections was accepted");
        Set<String> mids = new HashSet<>();
        for (OfferedSection section : offer.sections()) {
            assertFalse(section.mid().isEmpty());
            assertEquals(section.mid().trim(), section.mid());
            assertTrue(mids.add(section.mid()), "duplicate mid " + section.mid());
            checkCodecs(section);
            section.extensions().forEach(e -> assertTrue(e.id() >= 1 && e.id() <= 255, "extension id " + e.id()));
            Set<Long> ssrcs = new HashSet<>();
            for (SsrcDescription ssrc : section.ssrcs()) {
                assertTrue(ssrc.ssrc() >= 0 && ssrc.ssrc() <= 0xFFFF_FFFFL, "SSRC " + ssrc.ssrc());
                assertTrue(ssrcs.add(ssrc.ssrc()), "SSRC described twice: " + ssrc.ssrc());
            }
            for (SsrcGroup group : section.ssrcGroups()) {
                group.ssrcs().forEach(s -> assertTrue(s >= 0 && s <= 0xFFFF_FFFFL, "SSRC in a group " + s));
            }
            List<String> rids = section.rids();
            assertTrue(rids.isEmpty() || rids.size() >= 2 && rids.size() <= 3, "simulcast layers " + rids);
            assertEquals(rids.size(), new HashSet<>(rids).size(), "a layer listed twice: " + rids);
            rids.forEach(rid -> assertTrue(RID.matcher(rid).matches(), "rid " + rid));
        }
    }

    /** An RTP section has one codec per m= line format, in order; any other section has none. */
    private static void checkCodecs(OfferedSection section) {
        List<RtpCodec> codecs = section.codecs();
        if (!section.isRtp()) {
            assertTrue(codecs.isEmpty(), "codecs in a section that is not RTP: " + section.proto());
            return;
        }
        assertEquals(section.formats().size(), codecs.size(), "one codec per format");
        Set<Integer> payloadTypes = new HashSet<>();
        for (int i = 0; i < codecs.size(); i++) {
            int payloadType = codecs.get(i).payloadType();
            assertTrue(payloadType >= 0 && payloadType <= 127, "payload type " + payloadType);
            assertTrue(payloadTypes.add(payloadType), "payload type listed twice: " + payloadType);
            assertEquals(Integer.parseInt(section.formats().get(i).trim()), payloadType, "codecs in the m= line's order");
        }
    }
}
