package io.livestage.signaling.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class BannedWordsTest {
    @Test
    void matchesWholeWordsAndPhrasesWhateverTheCaseAndPunctuation() {
        List<String> words = List.of("scam", "free coins");
        assertEquals("scam", BannedWords.find("This is a SCAM!!!", words, List.of()));
        assertEquals("free coins", BannedWords.find("get FREE...coins here", words, List.of()));
        assertNull(BannedWords.find("scampi for dinner", words, List.of()), "only whole words");
        assertNull(BannedWords.find("coins are free", words, List.of()), "a phrase in its order");
    }

    @Test
    void matchesDevanagariWordsWithTheirVowelSigns() {
        List<String> show = List.of("बेकार");
        assertEquals("बेकार", BannedWords.find("यह शो बेकार है", List.of(), show));
        assertNull(BannedWords.find("बेकारी", List.of(), show), "a longer word is another word");
    }
}
