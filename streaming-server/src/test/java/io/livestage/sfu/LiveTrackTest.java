package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LiveTrack}'s hand-written token and msid cuts (fifth fuzzing round) give what the regular expressions they replaced gave. */
class LiveTrackTest {
    private static final char[] ALPHABET = {' ', ' ', '\t', '\n', 0x0B, '\f', '\r', 0x00, 0x01, 0x1C, 0x1F, 0x20, 0x21,
        'a', 'b', '-', 0x7F, 0x85, 0xA0, '\u2003', '\u3000', '\uD83D', '\uDE00'};

    @Test
    void sameAsTheRegularExpressionsOnEdgeCases() {
        String[] texts = {"", " ", "  ", "a", " a", "a ", "a b", "a  b", "\ta\u000Bb\fc\rd\ne", "a\u0001b", "\u0001",
            "stream track", " stream  track extra ", "\u00A0a\u2003b", "\u001Ca\u001Cb"};
        for (String text : texts) {
            check(text);
        }
    }

    @Test
    void sameAsTheRegularExpressionsOnRandomText() {
        Random random = new Random(13);
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            check(new String(text));
        }
    }

    private static void check(String text) {
        StringBuilder shown = new StringBuilder();
        text.chars().forEach(c -> shown.append(c < 0x21 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        assertEquals(text.replaceAll("[\\s\\x00-\\x20]", "-"), LiveTrack.token(text), "token of '" + shown + "'");
        assertArrayEquals(text.split("\\s+"), LiveTrack.words(text), "words of '" + shown + "'");
        assertArrayEquals(text.trim().split("\\s+"), LiveTrack.words(text.trim()), "words of trimmed '" + shown + "'");
    }
}
