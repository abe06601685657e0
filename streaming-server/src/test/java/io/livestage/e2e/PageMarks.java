package io.livestage.e2e;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The marks a test page keeps in {@code window.state.marks}: milliseconds since the page started
 * loading, the first time it reached each step. On one machine the browsers share a wall clock, so
 * marks of two pages compare once moved onto it.
 */
final class PageMarks {
    private final Map<?, ?> marks;
    private final double timeOrigin;

    PageMarks(Map<?, ?> pageState) {
        this.marks = (Map<?, ?>) pageState.get("marks");
        this.timeOrigin = ((Number) pageState.get("timeOrigin")).doubleValue();
    }

    /** Milliseconds from the start of the page's load to the mark, if the page got there. */
    OptionalLong sinceLoad(String mark) {
        Object at = marks.get(mark);
        return at == null ? OptionalLong.empty() : OptionalLong.of(((Number) at).longValue());
    }

    /** The mark as wall-clock epoch milliseconds. */
    long wallClock(String mark) {
        return Math.round(timeOrigin) + sinceLoad(mark).orElseThrow(() -> new IllegalStateException(
                "the page never reached " + mark + "; its marks: " + marks));
    }

    /** Milliseconds between two marks of this page. */
    long between(String from, String to) {
        return wallClock(to) - wallClock(from);
    }

    @Override
    public String toString() {
        return marks.toString();
    }
}
