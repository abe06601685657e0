package io.livestage.signaling.moderation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A chat filter: refuses messages containing a listed word or phrase, case-insensitively and as
 * whole words, so "class" does not trip on "ass". Words are letters, marks and digits in any script
 * (Devanagari's vowel signs are marks), so Hindi words match as well as English ones.
 */
public final class BannedWords {
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private BannedWords() {
    }

    /** The first banned entry the text contains, or null. */
    public static String find(String text, List<String> global, List<String> show) {
        if (global.isEmpty() && show.isEmpty()) {
            return null;
        }
        String words = " " + normalize(text) + " ";
        String hit = firstIn(words, global);
        return hit != null ? hit : firstIn(words, show);
    }

    /** Lower case, runs of anything but letters, marks and digits folded to one space. */
    public static String normalize(String text) {
        return SEPARATORS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    private static String firstIn(String paddedWords, List<String> entries) {
        for (String entry : entries) {
            String normalized = normalize(entry);
            if (!normalized.isEmpty() && paddedWords.contains(" " + normalized + " ")) {
                return entry;
            }
        }
        return null;
    }
}
