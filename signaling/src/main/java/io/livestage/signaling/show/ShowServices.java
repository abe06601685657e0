package io.livestage.signaling.show;

import io.livestage.signaling.cluster.RunStore;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.webhooks.WebhookOutbox;

/**
 * What every show of a node shares: its settings, the event sender, the media plane, the gift
 * bridge, the store of bans and reports, the outbox the platform's webhooks are fed from, and the
 * relay to the cluster's other nodes.
 */
record ShowServices(ShowsConfig config, RoomConfig room, Broadcaster broadcaster, MediaPlane media, GiftBridge gifts,
                    ModerationStore moderation, WebhookOutbox webhooks, ShowRelay relay, RunStore<ShowRecord> store) {
}
