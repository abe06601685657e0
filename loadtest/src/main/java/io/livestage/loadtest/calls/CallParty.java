package io.livestage.loadtest.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingEvents;
import io.livestage.loadtest.client.SignalingListener;
import io.livestage.loadtest.webrtc.JavaPublisher;
import io.livestage.loadtest.webrtc.JavaSubscriber;
import io.livestage.loadtest.webrtc.PublisherOptions;
import io.livestage.loadtest.webrtc.SubscriberOptions;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One side of a paid call over one signaling connection, as a phone would hold it: call control,
 * its publisher and its subscription to the other side share the connection. Every pushed event
 * is kept in arrival order so tests can wait for the next one of a type.
 */
public final class CallParty {
    private final SignalingClient client;
    private final SignalingEvents events;
    private final String userId;
    private final Duration timeout;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<Integer> consumed = new ArrayList<>();
    private volatile JavaPublisher publisher;
    private volatile JavaSubscriber subscriber;

    private CallParty(SignalingClient client, SignalingEvents events, String userId, Duration timeout) {
        this.client = client;
        this.events = events;
        this.userId = userId;
        this.timeout = timeout;
    }

    /** Connects and authenticates; {@code onEvent} (may be null) also hears every pushed event. */
    public static CompletableFuture<CallParty> connect(SignalingConnector connector, URI url, String token,
            Duration timeout, Consumer<JsonNode> onEvent) {
        SignalingEvents events = new SignalingEvents();
        CallParty[] party = new CallParty[1];
        List<JsonNode> early = new ArrayList<>();
        events.add((client, message) -> {
            synchronized (early) {
                if (party[0] == null) {
                    early.add(message);
                    return;
                }
            }
            // The listener first, so whatever it notes (an arrival time) is there when next() returns the event.
            if (onEvent != null) {
                onEvent.accept(message);
            }
            party[0].record(message);
        });
        return connector.connect(url, events).thenCompose(client -> client.request(
                SignalingClient.message("auth").put("token", token), timeout).thenApply(welcome -> {
                    CallParty created = new CallParty(client, events, welcome.path("userId").asText(), timeout);
                    synchronized (early) {
                        party[0] = created;
                        early.forEach(created::record);
                    }
                    return created;
                }).whenComplete((created, failure) -> {
                    if (failure != null) {
                        client.close();
                    }
                }));
    }

    public String userId() {
        return userId;
    }

    public SignalingClient signaling() {
        return client;
    }

    public CompletableFuture<JsonNode> request(ObjectNode message) {
        return client.request(message, timeout);
    }

    public CompletableFuture<JsonNode> request(String type, String field, Object value) {
        ObjectNode message = SignalingClient.message(type);
        message.putPOJO(field, value);
        return request(message);
    }

    /** Publishes synthetic Opus + VP8 into the call's room and subscribes to the other side. */
    public CompletableFuture<Void> startMedia(String roomId, WebRtcPeerGroup peers, PublisherOptions options) {
        // Off the peer's event loop: subscribing binds a socket and waits for a loop of the same group,
        // which deadlocks once every loop of the group is waiting like this (calls set up side by side).
        return JavaPublisher.publishOn(client, events, userId, roomId, peers, options.withRoomId(roomId))
                .thenComposeAsync(published -> {
                    publisher = published;
                    return JavaSubscriber.subscribeOn(client, events, peers, SubscriberOptions.of(roomId));
                })
                .thenAccept(subscribed -> subscriber = subscribed);
    }

    public JavaPublisher publisher() {
        return publisher;
    }

    public JavaSubscriber subscriber() {
        return subscriber;
    }

    /** Adds a listener for this connection's events (the subscription's renegotiations use one). */
    public void listen(SignalingListener listener) {
        events.add(listener);
    }

    private synchronized void record(JsonNode message) {
        received.add(message);
        consumed.add(0);
        notifyAll();
    }

    /** The next event of the type not yet taken, waiting up to the party's timeout. */
    public synchronized JsonNode next(String type) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < received.size(); i++) {
                if (consumed.get(i) == 0 && type.equals(received.get(i).path("type").asText())) {
                    consumed.set(i, 1);
                    return received.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + type + " for " + userId + " within " + timeout + "; got " + types());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Whether an event of the type arrived that no {@link #next} took yet. */
    public synchronized boolean hasPending(String type) {
        for (int i = 0; i < received.size(); i++) {
            if (consumed.get(i) == 0 && type.equals(received.get(i).path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private List<String> types() {
        return received.stream().map(m -> m.path("type").asText()).toList();
    }

    /** Closes media and the connection (abruptly for the server: no call.end is sent). */
    public CompletableFuture<Void> close() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        if (publisher != null) {
            JavaPublisher sending = publisher;
            closing.add(sending.stopMedia().thenCompose(stopped -> sending.peer().close()));
        }
        if (subscriber != null) {
            closing.add(subscriber.peer().close());
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .thenCompose(closed -> client.close());
    }
}
