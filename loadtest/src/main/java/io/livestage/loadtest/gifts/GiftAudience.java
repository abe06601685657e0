package io.livestage.loadtest.gifts;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.PlatformTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Everyone in the rooms: a host per room starts its show, then senders and viewers connect, authenticate
 * and join their room round-robin, each step chained on the connection's event loop. Every member listens
 * for gifts; every outcome lands in the counters.
 */
final class GiftAudience {

    private final SignalingConnector connector;
    private final GiftsOptions options;
    private final PlatformTokens tokens;
    private final Duration timeout;
    private final GiftBook book;
    private final GiftCounters counters;
    private final FailureLog failures;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final List<String> roomIds = new ArrayList<>();
    private final AtomicReferenceArray<SignalingClient> hosts;
    private final Queue<SignalingClient> members = new ConcurrentLinkedQueue<>();
    private final Queue<GiftSender> senders = new ConcurrentLinkedQueue<>();
    private int started;

    GiftAudience(SignalingConnector connector, GiftsOptions options, PlatformTokens tokens, Duration timeout,
                 GiftBook book, GiftCounters counters, FailureLog failures) {
        this.connector = connector;
        this.options = options;
        this.tokens = tokens;
        this.timeout = timeout;
        this.book = book;
        this.counters = counters;
        this.failures = failures;
        this.hosts = new AtomicReferenceArray<>(options.rooms());
    }

    /** A host per room connects and starts a show; fails with the first host's failure. */
    void startShows() throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<String>> shows = new ArrayList<>();
        for (int room = 0; room < options.rooms(); room++) {
            int index = room;
            GiftMember listener = new GiftMember(book, counters);
            shows.add(connector.connect(options.url(), listener).thenCompose(client -> {
                hosts.set(index, client);
                return client.request(SignalingClient.message("auth").put("token", tokens.host(index)).put("batch", true), timeout)
                        .thenCompose(welcome -> client.request(SignalingClient.message("show.start")
                                .put("title", "Gift load " + index), timeout))
                        .thenApply(started -> {
                            String roomId = started.path("roomId").asText();
                            listener.joined(roomId);
                            counters.membersPerRoom.incrementAndGet(index);
                            watchForDrop(client);
                            return roomId;
                        });
            }));
        }
        for (CompletableFuture<String> show : shows) {
            roomIds.add(show.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS));
        }
    }

    /** Connections started so far; called from one thread only, like {@link #startNext}. */
    int started() {
        return started;
    }

    /** Starts the next connection: the senders first, so that they are in before the viewers. */
    void startNext() {
        int index = started++;
        boolean sender = index < options.senders();
        int ordinal = sender ? index : index - options.senders();
        int room = options.roomOf(ordinal);
        String token = sender ? tokens.sender(ordinal) : tokens.viewer(ordinal);
        GiftMember listener = new GiftMember(book, counters);
        connector.connect(options.url(), listener).whenComplete((client, failure) -> {
            if (failure != null) {
                counters.connectFailures.increment();
                failures.record("connect", failure);
                return;
            }
            client.request(SignalingClient.message("auth").put("token", token).put("batch", true), timeout)
                    .whenComplete((welcome, refused) -> {
                        if (refused != null) {
                            counters.authFailures.increment();
                            failures.record("auth", refused);
                            client.close();
                        } else {
                            join(client, listener, room, sender ? tokens.senderId(ordinal) : null);
                        }
                    });
        });
    }

    /** @param senderId the sender's user id, or null for a viewer */
    private void join(SignalingClient client, GiftMember listener, int room, String senderId) {
        String roomId = roomIds.get(room);
        client.request(SignalingClient.message("room.join").put("roomId", roomId), timeout)
                .whenComplete((JsonNode joinedRoom, Throwable failure) -> {
                    if (failure != null) {
                        counters.joinFailures.increment();
                        failures.record("room.join", failure);
                        client.close();
                        return;
                    }
                    listener.joined(roomId);
                    members.add(client);
                    if (senderId != null) {
                        senders.add(new GiftSender(client, senderId, room, roomId));
                    }
                    counters.membersPerRoom.incrementAndGet(room);
                    counters.joined.increment();
                    watchForDrop(client);
                });
    }

    private void watchForDrop(SignalingClient client) {
        client.closeFuture().thenRun(() -> {
            if (!closing.get()) {
                counters.dropped.increment();
                failures.record("dropped", "closed with " + client.closeCode() + " " + client.closeReason());
            }
        });
    }

    /** The senders that joined, in a fixed order for round-robin sending. */
    List<GiftSender> senders() {
        return List.copyOf(senders);
    }

    /** Members still connected: hosts, viewers and senders. */
    long held() {
        long held = members.stream().filter(SignalingClient::isOpen).count();
        for (int room = 0; room < hosts.length(); room++) {
            SignalingClient host = hosts.get(room);
            held += host != null && host.isOpen() ? 1 : 0;
        }
        return held;
    }

    /** Hosts end their shows (so the server clears the rooms' gift state), then everyone leaves. */
    CompletableFuture<Void> closeAll() {
        closing.set(true);
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (int room = 0; room < hosts.length(); room++) {
            SignalingClient host = hosts.get(room);
            if (host == null) {
                continue;
            }
            CompletableFuture<?> ended = room < roomIds.size()
                    ? host.request(SignalingClient.message("show.end").put("roomId", roomIds.get(room)), timeout)
                    : CompletableFuture.completedFuture(null);
            closed.add(ended.handle((reply, failure) -> null).thenCompose(ignored -> host.close()));
        }
        members.forEach(member -> closed.add(member.close()));
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }
}
