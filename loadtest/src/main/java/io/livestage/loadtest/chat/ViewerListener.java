package io.livestage.loadtest.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingListener;
import org.HdrHistogram.Recorder;

/** Shared by every viewer: times each stamped chat from the host's send to this receive. */
final class ViewerListener implements SignalingListener {

    private final ChatCounters counters;
    private final Recorder latencyMicros;

    ViewerListener(ChatCounters counters, Recorder latencyMicros) {
        this.counters = counters;
        this.latencyMicros = latencyMicros;
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if (!"chat".equals(message.path("type").asText())) {
            return;
        }
        long sent = ChatStamp.sentNanos(message.path("text").asText(null));
        if (sent < 0) {
            return;
        }
        latencyMicros.recordValue(Math.max(0, (System.nanoTime() - sent) / 1_000));
        counters.chatReceived.increment();
    }
}
