package io.livestage.signaling.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ServerMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * How what crosses the cluster bus is written and read, for shows and calls alike: a client's request as the
 * client sent it (decoded and checked again on arrival, as a frame is), who sent it as their node verified it,
 * and a server message as its member will receive it. Any thread.
 */
public final class BusCodec {
    private final MessageCodec codec;
    private final ObjectMapper mapper;

    public BusCodec(MessageCodec codec) {
        this.codec = codec;
        this.mapper = codec.mapper();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A server message as the client receives it. */
    public String json(ServerMessage message) {
        return new String(codec.encode(message), StandardCharsets.UTF_8);
    }

    /** A client's request as it sent it, its type included. */
    public String request(ClientMessage request) {
        ObjectNode body = mapper.valueToTree(request);
        body.put("type", request.type());
        return body.toString();
    }

    /** The request of a bus message, decoded and checked as a client's frame is. */
    public ClientMessage decodeRequest(BusMessage message) {
        return codec.decode(new ByteArrayInputStream(message.body().getBytes(StandardCharsets.UTF_8)));
    }

    /** Who a request is from, as its node verified them (the token stays there). */
    public String identity(Identity identity) {
        ObjectNode who = mapper.createObjectNode();
        who.put("userId", identity.userId());
        who.put("name", identity.name());
        who.put("adult", identity.adult());
        if (identity.ratePerMinute() != null) {
            who.put("rate", identity.ratePerMinute());
        }
        ArrayNode roles = who.putArray("roles");
        identity.roleNames().forEach(roles::add);
        return who.toString();
    }

    /** The identity a request's node vouched for in {@link #identity}. */
    public Identity identityOf(String json) {
        JsonNode who = tree(json);
        Set<Role> roles = new HashSet<>();
        who.path("roles").forEach(role -> Role.fromWire(role.asText()).ifPresent(roles::add));
        return new Identity(who.path("userId").asText(), who.path("name").asText(), roles,
                who.path("adult").asBoolean(false), who.hasNonNull("rate") ? who.get("rate").asLong() : null);
    }

    public JsonNode tree(String json) {
        if (json.isEmpty()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable bus message: " + e.getOriginalMessage(), e);
        }
    }
}
