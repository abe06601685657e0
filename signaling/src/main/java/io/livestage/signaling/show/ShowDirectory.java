package io.livestage.signaling.show;

import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.RoomIds;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live shows of this node, by room id and by host. A host has at most one live show;
 * each show is pinned to one executor of the group, chosen round-robin.
 */
public final class ShowDirectory {
    private final EventExecutorGroup executors;
    private final ShowServices services;
    private final RoomIds ids = new RoomIds();
    private final ConcurrentMap<String, Show> byRoom = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Show> byHost = new ConcurrentHashMap<>();

    public ShowDirectory(EventExecutorGroup executors, ShowsConfig config, RoomConfig room, Broadcaster broadcaster,
                         MediaPlane media, GiftBridge gifts, ModerationStore moderation) {
        this(executors, config, room, broadcaster, media, gifts, moderation, WebhookOutbox.NONE);
    }

    /** With the outbox {@code show.started} and {@code show.ended} are reported to. */
    public ShowDirectory(EventExecutorGroup executors, ShowsConfig config, RoomConfig room, Broadcaster broadcaster,
                         MediaPlane media, GiftBridge gifts, ModerationStore moderation, WebhookOutbox webhooks) {
        this.executors = executors;
        this.services = new ShowServices(config, room, broadcaster, media, gifts, moderation, webhooks);
    }

    /** Starts a show hosted by the session's user; {@code conflict} when they already have one. */
    public Show start(Session host, String title) {
        String hostId = host.identity().userId();
        String roomId = ids.next('r', 12);
        Show[] created = new Show[1];
        Show existing = byHost.computeIfAbsent(hostId, id -> {
            created[0] = new Show(roomId, title, host, executors.next(), services, () -> remove(roomId, hostId));
            byRoom.put(roomId, created[0]);
            return created[0];
        });
        if (created[0] == null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you already host live show " + existing.roomId());
        }
        return created[0];
    }

    public Optional<Show> find(String roomId) {
        return Optional.ofNullable(byRoom.get(roomId));
    }

    public List<ServerMessage.ShowSummary> list() {
        List<ServerMessage.ShowSummary> shows = new ArrayList<>(byRoom.size());
        for (Show show : byRoom.values()) {
            shows.add(show.summary());
        }
        shows.sort(Comparator.comparingInt(ServerMessage.ShowSummary::viewers).reversed()
                .thenComparing(ServerMessage.ShowSummary::roomId));
        return shows;
    }

    public int size() {
        return byRoom.size();
    }

    public int totalViewers() {
        int total = 0;
        for (Show show : byRoom.values()) {
            total += show.viewerCount();
        }
        return total;
    }

    /** Ends every show with the reason; each future completes once that show's members have been told. */
    public List<Future<Void>> endAll(String reason) {
        List<Future<Void>> ending = new ArrayList<>();
        for (Show show : byRoom.values()) {
            ending.add(show.end(reason));
        }
        return ending;
    }

    private void remove(String roomId, String hostId) {
        Show show = byRoom.remove(roomId);
        if (show != null) {
            byHost.remove(hostId, show);
        }
    }
}
