package io.livestage.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A codec's rtcp-fb lines, looked up by payload type since the fifth fuzzing round: the same
 * feedback, in the same order, as comparing every rtcp-fb line with every format gave (kept
 * here as the reference).
 */
class CodecFeedbackTest {
    private static final String[] KEYS = {"*", "*", "96", "97", "98", "99", "100", "111", "096", "x", " 96", "96 ", ""};
    private static final String[] FEEDBACK = {"nack", "nack pli", "ccm fir", "goog-remb", "transport-cc",
        "nack  pli", "", "ccm  fir x"};

    @Test
    void browserOffersGetTheSameFeedback() throws SdpException {
        for (String fixture : List.of(SdpFixtures.CHROME, SdpFixtures.SAFARI, SdpFixtures.CHROME_SIMULCAST)) {
            check(SdpFixtures.load(fixture));
        }
    }

    @Test
    void sameAsComparingEveryLineWithEveryFormat() throws SdpException {
        String chrome = SdpFixtures.load(SdpFixtures.CHROME);
        StringBuilder withoutFeedback = new StringBuilder();
        for (String line : chrome.split("\r\n")) {
            if (!line.startsWith("a=rtcp-fb:")) {
                withoutFeedback.append(line).append("\r\n");
            }
        }
        String base = withoutFeedback.toString();
        Random random = new Random(13);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder audio = new StringBuilder();
            StringBuilder video = new StringBuilder();
            for (StringBuilder section : List.of(audio, video)) {
                int lines = random.nextInt(16);
                for (int j = 0; j < lines; j++) {
                    section.append("a=rtcp-fb:").append(KEYS[random.nextInt(KEYS.length)]).append(' ')
                            .append(FEEDBACK[random.nextInt(FEEDBACK.length)]).append("\r\n");
                }
            }
            check(base.replace("a=mid:0\r\n", "a=mid:0\r\n" + audio).replace("a=mid:1\r\n", "a=mid:1\r\n" + video));
        }
    }

    /** Every codec of every RTP section has the feedback the old nested loop found for its format. */
    private static void check(String sdp) throws SdpException {
        SdpOffer offer = SdpOffer.parse(sdp);
        List<SdpMedia> raw = SdpDocument.parse(sdp).media();
        for (int s = 0; s < raw.size(); s++) {
            List<RtpCodec> codecs = offer.sections().get(s).codecs();
            List<String[]> feedback = new ArrayList<>();
            for (String value : raw.get(s).values("rtcp-fb")) {
                String trimmed = value.trim();
                int space = trimmed.indexOf(' ');
                feedback.add(space < 0 ? new String[] {trimmed, ""}
                        : new String[] {trimmed.substring(0, space), SdpText.singleSpaced(trimmed.substring(space + 1).trim())});
            }
            for (int c = 0; c < codecs.size(); c++) {
                String format = raw.get(s).formats().get(c);
                List<String> expected = new ArrayList<>();
                for (String[] entry : feedback) {
                    if (entry[0].equals(format) || entry[0].equals("*")) {
                        expected.add(entry[1]);
                    }
                }
                if (codecs.get(c).name().isEmpty() && codecs.get(c).clockRate() == 0) {
                    expected = List.of(); // a static payload type without rtpmap gets no feedback
                }
                assertEquals(expected, codecs.get(c).feedback(), "feedback of format " + format + " in section " + s
                        + ":\n" + sdp);
            }
        }
    }
}
