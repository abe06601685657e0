package io.livestage.sfu;

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
}
