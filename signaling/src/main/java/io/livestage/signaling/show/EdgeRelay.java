package io.livestage.signaling.show;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.media.MediaPlane;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge node's relay of one show's media from the node that hosts it: asked for once a member here subscribes,
 * made by answering the origin's offer with this node's media plane (which then serves every member here from
 * it), opened afresh when the origin offers again (its publishers changed) or the relay's transport is lost, and
 * closed with the edge. Everything on the edge room's executor.
 */
final class EdgeRelay {
    private static final Logger log = LoggerFactory.getLogger(EdgeRelay.class);
    /** How long after losing its relay an edge asks for a new one. */
    static final long RETRY_MS = 1_000;

    private final String roomId;
    private final String originNode;
    private final String relayId;
    private final EventExecutor executor;
    private final ShowRelay relay;
    private final MediaPlane media;
    private boolean asked;
    private boolean answered;
    /** The origin's subscription for this node, once its offer came. */
    private String subscription;
    private boolean closed;

    EdgeRelay(String roomId, String originNode, EventExecutor executor, ShowRelay relay, MediaPlane media) {
        this.roomId = roomId;
        this.originNode = originNode;
        this.relayId = "relay:" + originNode;
        this.executor = executor;
        this.relay = relay;
        this.media = media;
    }

    /** A member here subscribes: the first one asks the origin for the relay. */
    void watching() {
        if (!closed && !asked) {
            asked = true;
            open();
        }
    }

    /**
     * The origin's offer for the relay, or a refusal. The first offer with tracks is answered; a later offer
     * (the show's publishers changed) opens the relay afresh, so the link between the nodes starts clean.
     */
    void offered(JsonNode offer) {
        if (closed || !asked) {
            return;
        }
        String type = offer.path("type").asText();
        if ("error".equals(type)) {
            log.warn("node {} refused this node's relay of show {}: {}", originNode, roomId, offer.path("message").asText());
            if (subscription == null) {
                // The relay was not made: the next member to subscribe asks again.
                asked = false;
            }
            return;
        }
        if (!"media.offer".equals(type)) {
            return;
        }
        String subscriptionId = offer.path("subscriptionId").asText();
        if (answered && subscriptionId.equals(subscription)) {
            open();
            return;
        }
        subscription = subscriptionId;
        media.relayIn(roomId, relayId, offer.path("sdp").asText(), new MediaPlane.RelayListener() {
                    @Override
                    public void lost() {
                        EdgeRelay.this.lost(subscriptionId);
                    }

                    @Override
                    public void layersWanted(String mid, List<String> layers) {
                        executor.execute(() -> wants(subscriptionId, mid, layers));
                    }
                })
                .whenComplete((answer, failure) -> executor.execute(() -> {
                    if (failure != null) {
                        // An offer without tracks (nobody publishes yet): the origin's next offer brings them.
                        log.debug("relay of show {} from {} waits for tracks: {}", roomId, originNode, failure.toString());
                    } else if (!closed && subscriptionId.equals(subscription)) {
                        answered = true;
                        relay.relayRequest(roomId, originNode, "answer", subscriptionId, answer);
                    }
                }));
    }

    /**
     * This node's viewers need only these layers of a relayed track: the origin stops sending the others (and asks
     * the publisher for them only while someone else watches them), until this node wants them again.
     */
    private void wants(String subscriptionId, String mid, List<String> layers) {
        if (!closed && answered && subscriptionId.equals(subscription)) {
            relay.relayLayers(roomId, originNode, subscriptionId, mid, layers);
        }
    }

    /** Closes the relay: the origin drops its subscription, and its tracks leave the room here at once. */
    void close() {
        if (asked && !closed) {
            relay.relayRequest(roomId, originNode, "close", subscription, null);
            media.relayClosed(roomId, relayId);
        }
        closed = true;
    }

    /**
     * The relay's transport closed without a newer one replacing it (it never connected, say because a message
     * between the nodes was lost, or its consent expired): asked for afresh a moment later, while members here
     * still watch. Any thread.
     */
    private void lost(String subscriptionId) {
        executor.schedule(() -> {
            if (!closed && asked && subscriptionId.equals(subscription)) {
                log.info("relay of show {} from {} lost; asking for a new one", roomId, originNode);
                open();
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    /** Asks the origin for a relay (it replaces any it made for this node before). */
    private void open() {
        answered = false;
        subscription = null;
        relay.relayRequest(roomId, originNode, "open", null, null);
    }
}
