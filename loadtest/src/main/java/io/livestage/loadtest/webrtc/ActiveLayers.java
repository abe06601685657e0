package io.livestage.loadtest.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's {@code media.layers {roomId, mid, active}} events for our video section: which
 * simulcast layers someone watches. We honour them as a browser does: a layer left out is paused,
 * one named again resumes (with a keyframe). An event may come before media starts; the latest one
 * then applies as soon as the layers exist. Events arrive on the signaling loop; the layers are
 * paused and resumed on the pacer's loop, which owns them.
 */
final class ActiveLayers implements SignalingListener {

    private final AtomicLong events = new AtomicLong();
    private volatile List<String> active;
    private volatile Executor loop;
    private volatile List<String> rids = List.of();
    private volatile Vp8Packetizer[] layers = new Vp8Packetizer[0];

    /** The layers to pause and resume from now on, lowest first, with their rids; they belong to {@code owner}. */
    void attach(Executor owner, List<String> layerRids, Vp8Packetizer[] sources) {
        if (layerRids.size() != sources.length) {
            throw new IllegalArgumentException("a rid per layer");
        }
        rids = List.copyOf(layerRids);
        layers = sources.clone();
        loop = owner;
        apply();
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if (!"media.layers".equals(message.path("type").asText())
                || !OfferBuilder.VIDEO_MID.equals(message.path("mid").asText())) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (JsonNode rid : message.path("active")) {
            named.add(rid.asText());
        }
        active = List.copyOf(named);
        events.incrementAndGet();
        apply();
    }

    private void apply() {
        Executor owner = loop;
        if (owner == null || active == null) {
            return;
        }
        owner.execute(() -> {
            List<String> wanted = active;
            List<String> names = rids;
            Vp8Packetizer[] sources = layers;
            for (int i = 0; i < sources.length; i++) {
                sources[i].pause(!wanted.contains(names.get(i)));
            }
        });
    }

    /** {@code media.layers} events received so far. */
    long events() {
        return events.get();
    }

    /** The rids the server last asked for, or null before its first event (everything is sent then). */
    List<String> lastActive() {
        return active;
    }
}
