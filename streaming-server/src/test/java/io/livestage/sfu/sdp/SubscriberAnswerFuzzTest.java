package io.livestage.sfu.sdp;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_AUDIO;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.SESSION_ID;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livestage.sfu.dtls.DtlsFingerprint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A viewer's answer, fuzzed, against the offer we made it (audio and video of one publisher).
 * {@link SubscriberAnswer#parse} refuses with {@link SdpException} or returns an answer that stays
 * inside our offer: the same sections in order, only payload types and extension mappings we
 * offered, never media sent to us, and a DTLS role that is decided; the builder then closes what
 * the viewer refused and its next offer is still one we can read.
 */
class SubscriberAnswerFuzzTest {

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"a=mid:", "a=setup:active", "a=setup:passive", "a=setup:actpass",
            "a=recvonly", "a=sendrecv", "a=inactive", "a=rtcp-mux", "a=rtpmap:", "a=extmap:",
            "a=group:BUNDLE ", "m=audio 0 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
            "a=fingerprint:sha-256 ", "a=ice-ufrag:", "a=ice-pwd:"})
    void viewerAnswer(byte[] input) throws SdpException {
        SubscriberOfferBuilder builder = new SubscriberOfferBuilder(SESSION_ID);
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        SubscriberAnswer answer;
        try {
            answer = SubscriberAnswer.parse(new String(input, UTF_8), offer);
        } catch (SdpException refused) {
            return;
        }
        assertEquals(offer.sections().size(), answer.sections().size());
        boolean anyAccepted = false;
        for (int i = 0; i < offer.sections().size(); i++) {
            SubscriberSection ours = offer.sections().get(i);
            AnsweredSection theirs = answer.sections().get(i);
            assertEquals(ours.mid(), theirs.mid());
            if (!theirs.accepted()) {
                continue;
            }
            anyAccepted = true;
            assertFalse(theirs.direction().sends(), "a viewer never sends us media");
            for (RtpCodec codec : theirs.codecs()) {
                assertTrue(ours.codecs().stream().anyMatch(c -> c.payloadType() == codec.payloadType()),
                        "payload type " + codec.payloadType() + " was not offered");
            }
            assertTrue(ours.extensions().containsAll(theirs.extensions()), "extension mappings we did not offer");
        }
        assertTrue(anyAccepted, "an answer refusing everything leaves no transport");
        assertTrue(answer.remoteSetup() == DtlsSetup.ACTIVE || answer.remoteSetup() == DtlsSetup.PASSIVE);
        assertNotEquals(answer.remoteSetup(), answer.localSetup());
        assertEquals(answer.localSetup() == DtlsSetup.PASSIVE, answer.dtlsServer());
        assertEquals(DtlsFingerprint.SHA_256, answer.remoteFingerprint().hashFunction());

        builder.answered(answer);
        SubscriberOffer next = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        SdpOffer reread = SdpOffer.parse(next.sdp());
        for (int i = 0; i < offer.sections().size(); i++) {
            boolean refused = !answer.sections().get(i).accepted() && offer.sections().get(i).bundled();
            if (refused) {
                assertEquals(SectionState.CLOSED, next.sections().get(i).state(), "a refused section is closed");
                assertEquals(0, reread.sections().get(i).port());
            }
        }
    }
}
