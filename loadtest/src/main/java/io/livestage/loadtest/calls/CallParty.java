package io.livestage.loadtest.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingEvents;
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
    private final EventInbox inbox;
    private volatile JavaPublisher publisher;
    private volatile JavaSubscriber subscriber;

    private CallParty(SignalingClient client, SignalingEvents events, EventInbox inbox, String userId, Duration timeout) {
        this.client = client;
        this.events = events;
        this.inbox = inbox;
        this.userId = userId;
        this.timeout = timeout;
    }

    /** Connects and authenticates; {@code onEvent} (may be null) also hears every pushed event. */
    public static CompletableFuture<CallParty> connect(SignalingConnector connector, URI url, String token,
            Duration timeout, Consumer<JsonNode> onEvent) {
        SignalingEvents events = new SignalingEvents();
        EventInbox inbox = new EventInbox();
        events.add((client, message) -> {
            // The listener first, so whatever it notes (an arrival time) is there when next() returns the event.
            if (onEvent != null) {
                onEvent.accept(message);
            }
            inbox.add(message);
        });
        return connector.connect(url, events).thenCompose(client -> client.request(
                SignalingClient.message("auth").put("token", token), timeout)
                .thenApply(welcome -> new CallParty(client, events, inbox, welcome.path("userId").asText(), timeout))
                .whenComplete((created, failure) -> {
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

    /** The next event of the type not yet taken, waiting up to the party's timeout. */
    public JsonNode next(String type) throws InterruptedException, TimeoutException {
        return inbox.take(type, timeout, userId);
    }

    /** Whether an event of the type arrived that no {@link #next} took yet. */
    public boolean hasPending(String type) {
        return inbox.has(type);
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
