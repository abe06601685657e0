package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The ways SDP text is cut up, written out by hand with exactly the results of the
 * {@link String#split(String)} and {@link String#replaceAll(String, String)} calls they replace.
 * Those take a regular expression ({@code "\r?\n"}, {@code " +"}), which is compiled anew on every
 * call and then walked character by character: for an offer of a few kilobytes that was most of the
 * parse, and under the fuzzer's regex hooks nearly all of it (docs/fuzzing.md, fourth round).
 */
final class SdpText {

    private SdpText() {
    }

    /** {@code text.split("\r?\n")}: the lines, a CR only dropped right before its LF. */
    static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', start)) {
            int end = lf > start && text.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            lines.add(text.substring(start, end));
            start = lf + 1;
        }
        return finish(text, start, lines);
    }

    /** {@code text.split(" +")}: the pieces between runs of spaces (tabs and the rest stay in them). */
    static String[] fields(String text) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int space = text.indexOf(' '); space >= 0; space = text.indexOf(' ', start)) {
            fields.add(text.substring(start, space));
            start = space + 1;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
        }
        return finish(text, start, fields);
    }

    /** {@code text.replaceAll(" +", " ")}: every run of spaces becomes one. */
    static String singleSpaced(String text) {
        if (!text.contains("  ")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' || i == 0 || text.charAt(i - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * As {@code split} with no limit ends: the whole text when no separator was found, else the
     * pieces with the rest after the last separator and without trailing empty pieces. (A separator
     * at the very start leaves an empty first piece, as a match of positive width does.)
     */
    private static String[] finish(String text, int start, List<String> pieces) {
        if (pieces.isEmpty()) {
            return new String[] {text};
        }
        pieces.add(text.substring(start));
        int size = pieces.size();
        while (size > 0 && pieces.get(size - 1).isEmpty()) {
            size--;
        }
        return pieces.subList(0, size).toArray(String[]::new);
    }
}
