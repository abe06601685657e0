package io.livestage.sfu;

import java.util.List;

/**
 * A signaling session as the media plane sees it: who it is, and where the later offers of its
 * subscriptions go (signaling pushes them as {@code media.offer} events). Implementations are
 * cheap views; two with the same {@link #id()} are the same session.
 */
public interface MediaSession {
    String id();

    String userId();

    /** A new offer for one of the session's subscriptions, after publishers came or went. Any thread. */
    void offer(String roomId, String subscriptionId, String sdp);

    /**
     * A subscription now receives this simulcast layer ({@code low}, {@code medium} or {@code
     * high}), chosen by its estimate or pinned by the viewer. Any thread; must not block.
     */
    void layer(String roomId, String subscriptionId, String layer, boolean pinned);

    /**
     * The session publishes a simulcast track (its m-section {@code mid}) nobody watches in all of
     * its layers: it should send only these (by rid) until told otherwise. Any thread; must not block.
     */
    void publishLayers(String roomId, String mid, List<String> activeRids);
}
