package io.livestage.loadtest.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A connection's pushed events in arrival order, each taken at most once by whoever waits for its type. */
final class EventInbox {
    private final List<JsonNode> pending = new ArrayList<>();

    synchronized void add(JsonNode message) {
        pending.add(message);
        notifyAll();
    }

    /** Takes the oldest event of the type, waiting up to {@code timeout}. */
    synchronized JsonNode take(String type, Duration timeout, String who) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Iterator<JsonNode> events = pending.iterator();
            while (events.hasNext()) {
                JsonNode event = events.next();
                if (type.equals(event.path("type").asText())) {
                    events.remove();
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + type + " for " + who + " within " + timeout + "; pending "
                        + pending.stream().map(m -> m.path("type").asText()).toList());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized boolean has(String type) {
        return pending.stream().anyMatch(event -> type.equals(event.path("type").asText()));
    }
}
