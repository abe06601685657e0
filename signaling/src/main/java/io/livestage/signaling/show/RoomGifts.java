package io.livestage.signaling.show;

import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.ServerMessage;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A room's gifts on this node: every committed gift of the room, from whichever node sold it, read from the
 * gift feed and shown to the members here, and the leaderboard re-read from the store after gifts (coalesced).
 * The origin of a show and every edge node with members in it each run one, so gifts are never relayed.
 */
final class RoomGifts {
    private static final int LEADERBOARD_SIZE = 10;

    private final String roomId;
    private final GiftBridge gifts;
    private final EventExecutor executor;
    private final RoomEvents events;
    private final BooleanSupplier live;
    private final Coalescer leaderboardUpdates;
    private final AutoCloseable watch;
    private List<ServerMessage.TopGifter> leaderboard = List.of();

    /**
     * @param live whether the room still takes events; on the executor
     */
    RoomGifts(String roomId, GiftBridge gifts, EventExecutor executor, RoomEvents events, long leaderboardUpdateMs,
              BooleanSupplier live) {
        this.roomId = roomId;
        this.gifts = gifts;
        this.executor = executor;
        this.events = events;
        this.live = live;
        this.leaderboardUpdates = new Coalescer(executor, leaderboardUpdateMs, this::refreshLeaderboard);
        // A gift reaching this node was charged already: it takes its slot whatever the load, so it is never dropped.
        this.watch = gifts.watch(roomId, event -> {
            events.arriving();
            executor.execute(() -> onGift(event));
        });
    }

    /** The top gifters as last announced; on the executor. */
    List<ServerMessage.TopGifter> leaderboard() {
        return leaderboard;
    }

    /** Stops watching; on the executor. */
    void close() {
        leaderboardUpdates.cancel();
        try {
            watch.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop watching gifts of " + roomId, e);
        }
    }

    /** A committed gift, from any node: every member here sees it; the board follows, coalesced. */
    private void onGift(GiftBridge.GiftEvent event) {
        if (!live.getAsBoolean()) {
            events.release();
            return;
        }
        events.addReserved(new ServerMessage.Gift(roomId, event.txId(),
                new ServerMessage.Person(event.fromUserId(), event.fromName()), new ServerMessage.Recipient(event.toUserId()),
                event.giftId(), event.count(), event.combo(), event.animation(), event.ts()), null, null);
        leaderboardUpdates.request();
    }

    private void refreshLeaderboard() {
        gifts.leaderboard(roomId, LEADERBOARD_SIZE).whenComplete((top, failure) -> {
            if (failure == null) {
                executor.execute(() -> announce(top));
            }
        });
    }

    private void announce(List<GiftBridge.TopGifter> top) {
        if (!live.getAsBoolean()) {
            return;
        }
        leaderboard = top.stream().map(g -> new ServerMessage.TopGifter(g.userId(), g.name(), g.amount())).toList();
        events.add(new ServerMessage.Leaderboard(roomId, leaderboard));
    }
}
