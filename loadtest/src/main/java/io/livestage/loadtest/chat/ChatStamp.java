package io.livestage.loadtest.chat;

/**
 * The chat text the host sends: a sequence number and the send time on this JVM's {@link System#nanoTime}
 * clock, which every viewer in the same JVM can subtract from its receive time.
 */
final class ChatStamp {

    private static final String PREFIX = "loadtest ";

    private ChatStamp() {
    }

    static String text(long sequence, long sentNanos) {
        return PREFIX + sequence + " " + sentNanos;
    }

    /** The sequence number carried by {@code text}, or -1 when the text is not one of ours. */
    static long sequence(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(text, PREFIX.length(), text.indexOf(' ', PREFIX.length()), 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** The send time carried by {@code text}, or -1 when the text is not one of ours. */
    static long sentNanos(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(text, text.lastIndexOf(' ') + 1, text.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
