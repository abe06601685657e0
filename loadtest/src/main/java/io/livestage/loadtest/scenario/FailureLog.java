package io.livestage.loadtest.scenario;

import io.livestage.loadtest.client.SignalingException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/** Counts failures by stage and cause, so a run of 10,000 tells why without 10,000 log lines. */
public final class FailureLog {

    /** Distinct causes kept; a flood of different messages should not grow without bound. */
    private static final int MAX_KINDS = 30;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String stage, Throwable failure) {
        record(stage, describe(failure));
    }

    public void record(String stage, String cause) {
        String key = stage + ": " + cause;
        LongAdder count = counts.get(key);
        if (count == null) {
            key = counts.size() < MAX_KINDS ? key : stage + ": (other causes)";
            count = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        count.increment();
    }

    /** Failure kinds and their counts, sorted by kind. */
    public Map<String, Long> snapshot() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    /** The failure without the wrappers futures put around it. */
    public static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The innermost meaningful cause, in one line. */
    public static String describe(Throwable failure) {
        Throwable cause = rootCause(failure);
        if (cause instanceof SignalingException error) {
            return "error " + error.code();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
