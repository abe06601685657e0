package io.livestage.loadtest.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingListener;
import org.HdrHistogram.Recorder;

/**
 * Shared by every viewer: counts each stamped chat and times it from the host's send to this receive,
 * except the warm-up messages (sequence numbers below {@code firstTimed}).
 */
final class ViewerListener implements SignalingListener {

    private final ChatCounters counters;
    private final Recorder latencyMicros;
    private final long firstTimed;

    ViewerListener(ChatCounters counters, Recorder latencyMicros, long firstTimed) {
        this.counters = counters;
        this.latencyMicros = latencyMicros;
        this.firstTimed = firstTimed;
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if (!"chat".equals(message.path("type").asText())) {
            return;
        }
        long received = System.nanoTime();
        String text = message.path("text").asText(null);
        long sent = ChatStamp.sentNanos(text);
        if (sent < 0) {
            return;
        }
        counters.chatReceived.increment();
        if (ChatStamp.sequence(text) >= firstTimed) {
            latencyMicros.recordValue(Math.max(0, (received - sent) / 1_000));
        }
    }
}
