package io.livestage.loadtest.gifts;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingException;
import io.livestage.loadtest.scenario.FailureLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An adult viewer's connection in one room, sending {@code gift.send} and handing each reply to the book. */
final class GiftSender {

    /** The server's answer when a room or node cannot keep up: refused before anything is charged. */
    private static final String BUSY = "unavailable";

    private final SignalingClient client;
    private final String userId;
    private final int room;
    private final String roomId;

    GiftSender(SignalingClient client, String userId, int room, String roomId) {
        this.client = client;
        this.userId = userId;
        this.room = room;
        this.roomId = roomId;
    }

    /** Whose wallet pays. */
    String userId() {
        return userId;
    }

    /** The sender's balance as the server has it now. */
    CompletableFuture<Long> balance(Duration timeout) {
        return client.request(SignalingClient.message("wallet.balance"), timeout)
                .thenApply(reply -> reply.path("balance").asLong());
    }

    /**
     * Sends one rose. The clock starts before the request is queued to the connection, so the latency includes
     * the generator's own queueing, as a phone's would include its own.
     *
     * @param key   the idempotency key, unique per intended send
     * @param timed whether this gift's deliveries count towards the latency figures
     */
    void send(String key, boolean timed, Duration timeout, GiftBook book, GiftCounters counters, FailureLog failures) {
        long sentAt = System.nanoTime();
        counters.sent.increment();
        client.request(SignalingClient.message("gift.send").put("roomId", roomId).put("giftId", GiftsOptions.GIFT)
                .put("count", 1).put("key", key), timeout).whenComplete((reply, failure) -> {
                    if (failure != null && FailureLog.rootCause(failure) instanceof SignalingException refusal
                            && BUSY.equals(refusal.code())) {
                        counters.busy.increment();
                    } else if (failure != null) {
                        counters.refused.increment();
                        failures.record("gift.send", failure);
                    } else if (!reply.hasNonNull("txId")) {
                        counters.refused.increment();
                        failures.record("gift.send", "reply without txId: " + reply.path("type").asText());
                    } else {
                        counters.accepted.increment();
                        book.accepted(reply.get("txId").asText(), room, sentAt, timed);
                    }
                });
    }
}
