package io.livestage.signaling.server;

import io.livestage.signaling.cluster.RunStore;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.call.CallRecord;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.show.ShowRecord;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * What the signaling server is wired to.
 *
 * @param staticPrefix classpath folder holding the web client's files
 * @param readiness    dependencies {@code /ready} checks besides the server's own port
 * @param callClock    what paid calls are timed and billed by (the system clock, except in tests)
 * @param moderation   where creators' bans and viewers' reports are kept
 * @param webhooks     where shows' and calls' starts and ends are reported for the platform's webhooks (gifts
 *                     and bans are reported by the {@code gifts} and {@code moderation} given, when they wrap
 *                     their stores in {@link io.livestage.signaling.gifts.OutboxGiftBridge} and
 *                     {@link io.livestage.signaling.moderation.OutboxModerationStore})
 * @param cluster      the other nodes' shows and consultants, which the node registry keeps current; a
 *                     directory nobody updates on a single node
 * @param bus          what carries requests, replies and room events between the nodes of a cluster
 *                     ({@link ClusterBus#NONE} on a single node)
 * @param callStore    where a cluster keeps its calls in progress, for a node to carry on one whose node died
 *                     ({@link RunStore#none()} on a single node)
 * @param showStore    where a cluster keeps its live shows, for a show to move off a draining node and outlive a
 *                     dead one ({@link RunStore#none()} on a single node)
 */
public record SignalingDependencies(PrometheusMeterRegistry registry, List<ReadinessCheck> readiness,
                                    String staticPrefix, MediaPlane media, GiftBridge gifts,
                                    CallClock callClock, ModerationStore moderation, WebhookOutbox webhooks,
                                    ClusterDirectory cluster, ClusterBus bus, RunStore<CallRecord> callStore,
                                    RunStore<ShowRecord> showStore) {
    public SignalingDependencies {
        bus = bus == null ? ClusterBus.NONE : bus;
        callStore = callStore == null ? RunStore.none() : callStore;
        showStore = showStore == null ? RunStore.none() : showStore;
        readiness = List.copyOf(readiness);
        cluster = cluster == null ? new ClusterDirectory() : cluster;
        moderation = moderation == null ? ModerationStore.inMemory() : moderation;
        webhooks = webhooks == null ? WebhookOutbox.NONE : webhooks;
    }

    /** Without webhooks. */
    public SignalingDependencies(PrometheusMeterRegistry registry, List<ReadinessCheck> readiness, String staticPrefix,
                                 MediaPlane media, GiftBridge gifts, CallClock callClock, ModerationStore moderation) {
        this(registry, readiness, staticPrefix, media, gifts, callClock, moderation, null, null, null, null, null);
    }

    /** With bans and reports in memory. */
    public SignalingDependencies(PrometheusMeterRegistry registry, List<ReadinessCheck> readiness, String staticPrefix,
                                 MediaPlane media, GiftBridge gifts, CallClock callClock) {
        this(registry, readiness, staticPrefix, media, gifts, callClock, null, null, null, null, null, null);
    }
}
