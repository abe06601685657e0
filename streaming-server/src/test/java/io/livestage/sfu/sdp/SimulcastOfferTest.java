package io.livestage.sfu.sdp;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SdpFixtures.lines;
import static io.livestage.sfu.sdp.SdpFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulcast offers (RFC 8853 a=simulcast, RFC 8851 a=rid) from a real Chromium, and broken ones. */
class SimulcastOfferTest {
    private static final String OFFER = load(SdpFixtures.CHROME_SIMULCAST);

    @Test
    void chromiumsThreeLayersAreAcceptedLowestFirstAndTheirIdsKept() throws SdpException {
        PublisherAnswer answer = PublisherAnswerBuilder.answer(SdpOffer.parse(OFFER), LOCAL);
        AcceptedMedia video = answer.media().get(1);
        assertEquals(List.of("q", "h", "f"), video.rids());
        assertTrue(video.simulcast());
        assertEquals(10, video.extensionId(HeaderExtension.RID));
        assertEquals(11, video.extensionId(HeaderExtension.REPAIRED_RID));
        assertEquals("209c823e-da29-4095-adf5-4789c2ff8cec 2b5029cf-4053-405c-8d86-52c2799ff8a3", video.msid());
        assertTrue(video.ssrcs().isEmpty(), "a simulcast section announces no SSRCs: the layers' are learned");
        assertFalse(answer.media().get(0).simulcast());
        assertEquals(-1, answer.media().get(0).extensionId(HeaderExtension.RID));

        List<String> lines = lines(answer.sdp());
        List<String> section = lines.subList(lines.indexOf("a=mid:1"), lines.size());
        assertTrue(section.containsAll(List.of("a=rid:q recv", "a=rid:h recv", "a=rid:f recv", "a=simulcast:recv q;h;f",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id")), answer.sdp());
        assertFalse(lines.subList(0, lines.indexOf("a=mid:1")).stream().anyMatch(l -> l.startsWith("a=rid")),
                "the audio section has no layers");
    }

    @Test
    void withoutTheRidExtensionTheSectionFallsBackToOneStream() throws SdpException {
        String offer = OFFER.replace("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", "");
        PublisherAnswer answer = PublisherAnswerBuilder.answer(SdpOffer.parse(offer), LOCAL);
        assertFalse(answer.media().get(1).simulcast(), "layers we could not tell apart");
        assertFalse(answer.sdp().contains("a=simulcast"), "JSEP: no a=simulcast in the answer, one encoding is sent");
        assertFalse(answer.sdp().contains("a=rid:"));
    }

    @Test
    void pausedLayersAndAlternativesAreRead() throws SdpException {
        String offer = OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send q;~h;f,h");
        assertEquals(List.of("q", "h", "f"), SdpOffer.parse(offer).sections().get(1).rids());
    }

    @Test
    void unknownOrDuplicateRidsAndTooManyLayersAreRefusedWithTheReason() {
        assertRefused(OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;x"), "rid 'x'");
        assertRefused(OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;h"), "twice");
        assertRefused(OFFER.replace("a=rid:f send", "a=rid:f send\r\na=rid:f send"), "declared twice");
        assertRefused(OFFER.replace("a=rid:f send", "a=rid:f send\r\na=rid:z send")
                .replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;f;z"), "at most 3");
        assertRefused(OFFER.replace("a=rid:f send", "a=rid:f!! send"), "malformed a=rid");
        assertRefused(OFFER.replace("a=rid:f send", "a=rid:abcdefghijklmnopq send")
                .replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;abcdefghijklmnopq"), "malformed a=rid");
    }

    @Test
    void ridsWithoutSimulcastOrASingleLayerAreNoSimulcast() throws SdpException {
        assertEquals(List.of(), SdpOffer.parse(OFFER.replace("a=simulcast:send q;h;f\r\n", "")).sections().get(1).rids());
        assertEquals(List.of(), SdpOffer.parse(OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send q"))
                .sections().get(1).rids());
    }

    @Test
    void aLayerOfOnlyACommaIsRefusedAsAnUndeclaredRid() {
        // SdpOfferFuzzTest#parse, fourth round: "a=simulcast:send ,;h" threw ArrayIndexOutOfBoundsException
        // out of the parser (",".split(",") is empty); kept as SdpOfferFuzzTestInputs/parse/simulcast-layer-of-only-a-comma.
        assertRefused(OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send ,;h"), "rid ''");
        assertRefused(OFFER.replace("a=simulcast:send q;h;f", "a=simulcast:send q;~,,;f"), "rid ''");
    }

    private static void assertRefused(String offer, String reason) {
        SdpException refused = assertThrows(SdpException.class, () -> SdpOffer.parse(offer));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
