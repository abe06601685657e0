package io.livestage.signaling.show;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.cluster.BusCodec;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's end of the cluster bus for shows: what goes on the wire between an origin and its edges
 * (requests, replies, room events with their {@link Audience}) and how it is written and read. Any thread.
 */
final class ShowRelay {
    private static final Logger log = LoggerFactory.getLogger(ShowRelay.class);
    private final String nodeId;
    private final ClusterBus bus;
    private final BusCodec codec;
    private final ObjectMapper mapper;

    ShowRelay(String nodeId, ClusterBus bus, MessageCodec codec) {
        this.nodeId = nodeId;
        this.bus = bus;
        this.codec = new BusCodec(codec);
        this.mapper = codec.mapper();
    }

    String nodeId() {
        return nodeId;
    }

    boolean enabled() {
        return bus.enabled();
    }

    void send(BusMessage message) {
        bus.send(message);
    }

    String json(ServerMessage message) {
        return codec.json(message);
    }

    /**
     * A room event for the edges' members: the message (as encoded already for this node's members, when it was)
     * and who gets it; {@code ends} when the show ends with it. Its type travels beside it, so an edge need not
     * read the body.
     */
    void event(String roomId, ServerMessage event, byte[] encoded, Audience audience, boolean ends) {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("type", MessageCodec.typeOf(event));
        if (audience.except() instanceof RemoteMember from) {
            meta.put("except", from.key());
        }
        if (audience.blockersOf() != null) {
            meta.put("blockersOf", audience.blockersOf());
        }
        if (audience.onlyUsers() != null) {
            ArrayNode only = meta.putArray("only");
            audience.onlyUsers().forEach(only::add);
        }
        if (ends) {
            meta.put("ends", true);
        }
        String body = encoded != null ? new String(encoded, StandardCharsets.UTF_8) : json(event);
        send(new BusMessage(BusMessage.Kind.EVENT, roomId, nodeId, "", "", body, meta.toString()));
    }

    /** The show now runs on the record's node: every node following it follows it there, which carries it on. */
    void moved(ShowRecord record) {
        ObjectNode body = mapper.createObjectNode();
        body.put("origin", record.node());
        body.put("title", record.title());
        body.put("hostId", record.hostId());
        body.put("hostName", record.hostName());
        body.put("hostAdult", record.hostAdult());
        body.put("startedMillis", record.startedMillis());
        body.put("likes", record.likes());
        body.set("moderation", mapper.valueToTree(record.moderation()));
        send(new BusMessage(BusMessage.Kind.MOVED, record.roomId(), nodeId, "", "", body.toString(), ""));
    }

    /** The record a {@link #moved} carries, its node the show's new origin. */
    ShowRecord recordOf(BusMessage message) {
        JsonNode body = tree(message.body());
        return new ShowRecord(message.roomId(), body.path("origin").asText(), body.path("title").asText(),
                body.path("hostId").asText(), body.path("hostName").asText(), body.path("hostAdult").asBoolean(),
                body.path("startedMillis").asLong(), body.path("likes").asLong(), moderationOf(body.get("moderation")));
    }

    /**
     * A record's moderation as a node wrote it; none from a node that did not carry it (an older one), and none,
     * logged, if unreadable: the show had better go on without it than not be followed at all.
     */
    private ModerationState moderationOf(JsonNode moderation) {
        if (moderation == null || moderation.isNull()) {
            return ModerationState.NONE;
        }
        try {
            return mapper.treeToValue(moderation, ModerationState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("a moved show's moderation was unreadable and is not carried on: {}", e.getMessage());
            return ModerationState.NONE;
        }
    }

    /** An edge member's request for the origin, with who they are. */
    void request(String roomId, String originNode, String sessionId, Identity identity, ClientMessage request) {
        send(new BusMessage(BusMessage.Kind.REQUEST, roomId, nodeId, originNode, sessionId, codec.request(request),
                codec.identity(identity)));
    }

    /** The session id that stands for an edge node's media relay of a show in the origin's replies. */
    static final String RELAY_MEMBER = "relay";

    /** What an edge's {@code open} asks for: every simulcast layer, each a stream of its own. */
    static final String EVERY_LAYER = "every";

    /**
     * An edge node asks the origin for its relay of the show (in every simulcast layer, so each viewer here gets
     * their own), answers the offer for it, or closes it.
     */
    void relayRequest(String roomId, String originNode, String op, String subscriptionId, String sdp) {
        ObjectNode body = mapper.createObjectNode();
        body.put("op", op);
        if (op.equals("open")) {
            body.put("layers", EVERY_LAYER);
        }
        if (subscriptionId != null) {
            body.put("subscriptionId", subscriptionId);
        }
        if (sdp != null) {
            body.put("sdp", sdp);
        }
        send(new BusMessage(BusMessage.Kind.RELAY, roomId, nodeId, originNode, RELAY_MEMBER, body.toString(), ""));
    }

    /** An edge node's viewers need only these layers of the relayed track in m-section {@code mid} of its offer. */
    void relayLayers(String roomId, String originNode, String subscriptionId, String mid, List<String> layers) {
        ObjectNode body = mapper.createObjectNode();
        body.put("op", "layers");
        body.put("subscriptionId", subscriptionId);
        body.put("mid", mid);
        ArrayNode wanted = body.putArray("layers");
        layers.forEach(wanted::add);
        send(new BusMessage(BusMessage.Kind.RELAY, roomId, nodeId, originNode, RELAY_MEMBER, body.toString(), ""));
    }

    /** The layers of a relay's {@code layers} request. */
    static List<String> layersOf(JsonNode body) {
        List<String> layers = new ArrayList<>();
        body.path("layers").forEach(layer -> layers.add(layer.asText()));
        return layers;
    }

    /** Who a relay is, for the origin's media plane: no user, one per edge node. */
    static Identity relayIdentity(String node) {
        return new Identity("relay:" + node, node, Set.of(), false, null);
    }

    /** The sessions an edge node has in the show now, members and joiners, for the origin to reconcile its count. */
    void roster(String roomId, String originNode, Collection<String> sessionIds) {
        ArrayNode ids = mapper.createArrayNode();
        sessionIds.forEach(ids::add);
        send(new BusMessage(BusMessage.Kind.ROSTER, roomId, nodeId, originNode, "", ids.toString(), ""));
    }

    /** The session ids of a roster. */
    Set<String> rosterOf(BusMessage message) {
        Set<String> ids = new HashSet<>();
        tree(message.body()).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** An edge member's connection closed. */
    void gone(String roomId, String originNode, String sessionId) {
        send(new BusMessage(BusMessage.Kind.GONE, roomId, nodeId, originNode, sessionId, "", ""));
    }

    /** The request of a bus message, decoded and checked as a client's frame is. */
    ClientMessage decodeRequest(BusMessage message) {
        return codec.decodeRequest(message);
    }

    /** Who sent a request, as its node vouched. */
    Identity identityOf(BusMessage message) {
        return codec.identityOf(message.meta());
    }

    /** Who of an edge's members gets a room event, read from its meta. */
    EdgeAudience audienceOf(BusMessage message) {
        JsonNode meta = tree(message.meta());
        String except = meta.path("except").asText("");
        String prefix = nodeId + "/";
        Set<String> only = null;
        if (meta.has("only")) {
            only = new LinkedHashSet<>();
            for (JsonNode user : meta.get("only")) {
                only.add(user.asText());
            }
        }
        return new EdgeAudience(meta.path("type").asText(""), except.startsWith(prefix) ? except.substring(prefix.length()) : null,
                meta.hasNonNull("blockersOf") ? meta.get("blockersOf").asText() : null, only,
                meta.path("ends").asBoolean(false));
    }

    JsonNode tree(String json) {
        return codec.tree(json);
    }

    /**
     * A room event's audience on an edge node.
     *
     * @param type          the event's type, as in its body
     * @param exceptSession the session id of this node's member it came from, or null
     */
    record EdgeAudience(String type, String exceptSession, String blockersOf, Set<String> onlyUsers, boolean ends) {
    }
}
