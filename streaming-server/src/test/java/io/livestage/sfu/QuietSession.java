package io.livestage.sfu;

import java.util.List;

/** A signaling session as the SFU sees it, for tests that need none of the events it is sent. */
record QuietSession(String id, String userId) implements MediaSession {
    @Override
    public void offer(String roomId, String subscriptionId, String sdp) {
    }

    @Override
    public void layer(String roomId, String subscriptionId, String layer, boolean pinned) {
    }

    @Override
    public void publishLayers(String roomId, String mid, List<String> activeRids) {
    }
}
