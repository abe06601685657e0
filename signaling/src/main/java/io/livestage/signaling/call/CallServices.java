package io.livestage.signaling.call;

import io.livestage.signaling.cluster.RunStore;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What every call of a node shares; {@code onEnded} releases the call's parties and room, {@code webhooks}
 * hears of calls starting, minutes charged and calls ending, {@code store} keeps the calls of a cluster for
 * another node to take over, {@code nodeId} is this node's, {@code onMoved} sends a party's connection here to the
 * node that took a call over from this one (call id, session).
 */
record CallServices(CallsConfig config, CallClock clock, MediaPlane media, GiftBridge gifts, CallMetrics metrics,
                    Consumer<Consultation> onEnded, WebhookOutbox webhooks, RunStore<CallRecord> store, String nodeId,
                    BiConsumer<String, Session> onMoved) {
    /** How soon a minute whose charge failed for a reason other than funds is tried again. */
    static final long BILLING_RETRY_MS = 1000;
}
