package io.livestage.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written cuts give what the regular expressions they replaced gave, on any text. */
class SdpTextTest {

    @Test
    void sameAsTheRegularExpressionsOnEdgeCases() {
        String[] texts = {"", " ", "  ", "\n", "\r\n", "\r", "\r\r\n", "\n\r\n", "a", " a", "a ", " a  b ", "v=0\r\n",
            "v=0\r\na=x\r\n\r\n", "v=0\n\r", "\r\nv=0", "a\tb c", "a  b\t c"};
        for (String text : texts) {
            check(text);
        }
    }

    @Test
    void sameAsTheRegularExpressionsOnRandomText() {
        Random random = new Random(13);
        char[] alphabet = {' ', ' ', '\r', '\n', '\t', 'a', 'b', '='};
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            check(new String(text));
        }
    }

    private static void check(String text) {
        String shown = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        assertArrayEquals(text.split("\r?\n"), SdpText.lines(text), "lines of '" + shown + "'");
        assertArrayEquals(text.split(" +"), SdpText.fields(text), "fields of '" + shown + "'");
        assertEquals(text.replaceAll(" +", " "), SdpText.singleSpaced(text), "single-spaced '" + shown + "'");
    }
}
