package io.livestage.signaling.show;

import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;

/**
 * What every show of a node shares: its settings, the event sender, the media plane, the gift
 * bridge, and the store of bans and reports.
 */
record ShowServices(ShowsConfig config, RoomConfig room, Broadcaster broadcaster, MediaPlane media, GiftBridge gifts,
                    ModerationStore moderation) {
}
