package io.livestage.sfu;

import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.transport.MediaSource;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A room's media: its publishers' transports by signaling session, which of them are live, and
 * the subscriptions that get a new offer whenever that changes.
 */
final class Router {
    /**
     * A room with at most this many subscriptions (a call has two) keeps each subscriber on the
     * loop its publishers run on. Handing a packet to another loop costs a copy and a task: spread
     * over a show's hundreds of viewers that buys every core, for a call's one viewer per track it
     * was pure overhead (18 % of the server's CPU at 200 calls, profiled; docs/benchmarks.md).
     */
    static final int SMALL_ROOM_SUBSCRIPTIONS = 2;
    private final String roomId;
    private final ConcurrentMap<String, WebRtcTransport> publishers = new ConcurrentHashMap<>();
    private final Set<WebRtcTransport> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    Router(String roomId) {
        this.roomId = roomId;
    }

    String roomId() {
        return roomId;
    }

    /** Registers the session's publisher transport and returns the one it replaces, if any. */
    WebRtcTransport publish(String sessionId, WebRtcTransport transport) {
        return publishers.put(sessionId, transport);
    }

    /** The session's publisher transport, or null. */
    WebRtcTransport publisher(String sessionId) {
        return publishers.get(sessionId);
    }

    WebRtcTransport unpublish(String sessionId) {
        return publishers.remove(sessionId);
    }

    /** The publisher's media flows: subscribers are offered its tracks. */
    void markLive(WebRtcTransport transport) {
        if (publishers.containsValue(transport) && live.add(transport)) {
            publishersChanged();
        }
    }

    /** The publisher's transport closed: its tracks leave every subscriber's offer. */
    void forget(String sessionId, WebRtcTransport transport) {
        publishers.remove(sessionId, transport);
        if (live.remove(transport)) {
            publishersChanged();
        }
    }

    /**
     * The tracks of every live publisher, in a stable order (publisher, then its SDP order). A track
     * using an SSRC that an earlier track already uses (media or RTX) is left out: subscribers get
     * publishers' SSRCs, and one SSRC cannot name two streams in a subscriber's offer. Publishers
     * pick their SSRCs themselves, and a viewer reads other publishers' SSRCs from its offer. With
     * {@code everyLayer} (a relay to another node) each simulcast track comes in every layer (see
     * {@link LiveTrack#of}).
     */
    List<LiveTrack> liveTracks(boolean everyLayer) {
        List<LiveTrack> tracks = new ArrayList<>();
        Set<Long> ssrcs = new HashSet<>();
        for (WebRtcTransport publisher : publishers.values()) {
            if (live.contains(publisher)) {
                for (MediaSource source : publisher.sources()) {
                    LiveTrack track = LiveTrack.of(source, publisher, everyLayer);
                    if (claimSsrcs(ssrcs, track.track())) {
                        tracks.add(track);
                    }
                }
            }
        }
        return tracks;
    }

    private static boolean claimSsrcs(Set<Long> taken, OutgoingTrack track) {
        List<Long> ssrcs = track.ssrcs();
        if (ssrcs.stream().anyMatch(taken::contains)) {
            return false;
        }
        taken.addAll(ssrcs);
        return true;
    }

    List<WebRtcTransport> publishers() {
        return new ArrayList<>(publishers.values());
    }

    /**
     * Where a subscriber of {@code userId} should live: the one loop every other publisher of a
     * small room runs on, or null (a larger room, publishers on several loops or not checked in yet)
     * to let the kernel's spread of peers over the loops decide.
     */
    MediaLoop homeFor(String userId) {
        if (subscriptions.size() > SMALL_ROOM_SUBSCRIPTIONS) {
            return null;
        }
        MediaLoop home = null;
        for (WebRtcTransport publisher : publishers.values()) {
            if (publisher.userId().equals(userId)) {
                continue;
            }
            MediaLoop loop = publisher.owner();
            if (loop == null || (home != null && loop != home)) {
                return null;
            }
            home = loop;
        }
        return home;
    }

    void add(Subscription subscription) {
        subscriptions.put(subscription.id(), subscription);
    }

    void remove(Subscription subscription) {
        subscriptions.remove(subscription.id(), subscription);
    }

    List<Subscription> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    private void publishersChanged() {
        for (Subscription subscription : subscriptions.values()) {
            subscription.publishersChanged();
        }
    }
}
