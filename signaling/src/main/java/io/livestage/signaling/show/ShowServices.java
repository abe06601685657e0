package io.livestage.signaling.show;

import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;

/** What every show of a node shares: its settings, the event sender, the media plane and the gift bridge. */
record ShowServices(ShowsConfig config, Broadcaster broadcaster, MediaPlane media, GiftBridge gifts) {
}
