package io.livestage.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns client frames into validated {@link ClientMessage}s and server messages into JSON.
 * Decoding never lets an exception other than {@link ProtocolException} escape, and the
 * exception carries the request id whenever the frame was readable enough to have one.
 */
public final class MessageCodec {
    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            return name == null ? type.getSimpleName() : name.value();
        }
    };

    /** Most words one {@code room.settings} may list, and their length: a filter, not a dictionary. */
    public static final int MAX_BANNED_WORDS = 1000;
    public static final int MAX_BANNED_WORD_CHARS = 64;

    private final ObjectMapper mapper;
    private final Map<String, BiFunction<JsonNode, Fields, ClientMessage>> decoders;

    public MessageCodec(MessageLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(ClientMessage.MAX_SDP_CHARS * 2)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.decoders = Map.ofEntries(
                Map.entry("auth", (id, f) -> new ClientMessage.Auth(id, f.text("token", ClientMessage.MAX_TOKEN_CHARS),
                        f.optionalBool("batch", false))),
                Map.entry("auth.refresh", (id, f) -> new ClientMessage.AuthRefresh(id,
                        f.text("token", ClientMessage.MAX_TOKEN_CHARS))),
                Map.entry("ping", (id, f) -> new ClientMessage.Ping(id)),
                Map.entry("show.start", (id, f) -> new ClientMessage.ShowStart(id, f.text("title", limits.maxTitleChars()))),
                Map.entry("show.end", (id, f) -> new ClientMessage.ShowEnd(id, roomId(f))),
                Map.entry("show.list", (id, f) -> new ClientMessage.ShowList(id)),
                Map.entry("show.invite", (id, f) -> new ClientMessage.ShowInvite(id, roomId(f),
                        f.text("userId", ClientMessage.MAX_ID_CHARS))),
                Map.entry("room.join", (id, f) -> new ClientMessage.RoomJoin(id, roomId(f))),
                Map.entry("room.leave", (id, f) -> new ClientMessage.RoomLeave(id, roomId(f))),
                Map.entry("chat.send", (id, f) -> new ClientMessage.ChatSend(id, roomId(f), f.text("text", limits.maxChatChars()))),
                Map.entry("media.publish", (id, f) -> new ClientMessage.MediaPublish(id, roomId(f), sdp(f))),
                Map.entry("media.subscribe", (id, f) -> new ClientMessage.MediaSubscribe(id, roomId(f))),
                Map.entry("media.answer", (id, f) -> new ClientMessage.MediaAnswer(id, subscriptionId(f), sdp(f))),
                Map.entry("media.candidate", (id, f) -> new ClientMessage.MediaCandidate(id, roomId(f),
                        f.text("candidate", ClientMessage.MAX_CANDIDATE_CHARS), f.optionalText("sdpMid", ClientMessage.MAX_ID_CHARS))),
                Map.entry("media.restart", (id, f) -> new ClientMessage.MediaRestart(id, roomId(f))),
                Map.entry("media.layer", (id, f) -> new ClientMessage.MediaLayer(id, subscriptionId(f), layer(f))),
                Map.entry("media.unpublish", (id, f) -> new ClientMessage.MediaUnpublish(id, roomId(f))),
                Map.entry("media.unsubscribe", (id, f) -> new ClientMessage.MediaUnsubscribe(id, subscriptionId(f))),
                Map.entry("gift.catalog", (id, f) -> new ClientMessage.GiftCatalog(id)),
                Map.entry("wallet.balance", (id, f) -> new ClientMessage.WalletBalance(id)),
                Map.entry("gift.send", (id, f) -> new ClientMessage.GiftSend(id, roomId(f),
                        f.text("giftId", ClientMessage.MAX_ID_CHARS), (int) f.integer("count", 1, 9999),
                        f.text("key", ClientMessage.MAX_ID_CHARS))),
                Map.entry("consultant.status", (id, f) -> new ClientMessage.ConsultantStatus(id, f.bool("available"))),
                Map.entry("call.request", (id, f) -> new ClientMessage.CallRequest(id, f.text("consultantId", ClientMessage.MAX_ID_CHARS))),
                Map.entry("call.accept", (id, f) -> new ClientMessage.CallAccept(id, callId(f))),
                Map.entry("call.decline", (id, f) -> new ClientMessage.CallDecline(id, callId(f))),
                Map.entry("consultant.list", (id, f) -> new ClientMessage.ConsultantList(id)),
                Map.entry("call.end", (id, f) -> new ClientMessage.CallEnd(id, callId(f))),
                Map.entry("call.resume", (id, f) -> new ClientMessage.CallResume(id, callId(f))),
                Map.entry("room.members", (id, f) -> new ClientMessage.RoomMembers(id, roomId(f),
                        f.optionalText("cursor", ClientMessage.MAX_ID_CHARS),
                        optionalInt(f.optionalInteger("limit", 1, 1000), 0))),
                Map.entry("room.moderate", (id, f) -> new ClientMessage.RoomModerate(id, roomId(f),
                        f.text("userId", ClientMessage.MAX_ID_CHARS), action(f))),
                Map.entry("room.settings", (id, f) -> new ClientMessage.RoomSettings(id, roomId(f),
                        boxed(f.optionalInteger("slowModeSeconds", 0, 3600)),
                        f.optionalTextList("bannedWords", MAX_BANNED_WORDS, MAX_BANNED_WORD_CHARS))),
                Map.entry("room.pin", (id, f) -> new ClientMessage.RoomPin(id, roomId(f),
                        f.optionalText("text", limits.maxChatChars()))),
                Map.entry("like.send", (id, f) -> new ClientMessage.LikeSend(id, roomId(f))),
                Map.entry("user.block", (id, f) -> new ClientMessage.UserBlock(id,
                        f.text("userId", ClientMessage.MAX_ID_CHARS), f.bool("blocked"))),
                Map.entry("report.send", (id, f) -> new ClientMessage.ReportSend(id, roomId(f),
                        f.optionalText("messageId", ClientMessage.MAX_ID_CHARS), reason(f))));
    }

    /** The request types this server understands. */
    public Set<String> knownTypes() {
        return decoders.keySet();
    }

    /** Decodes one text frame. */
    public ClientMessage decode(InputStream frame) {
        JsonNode root;
        try {
            root = mapper.readTree(frame);
        } catch (JacksonException e) {
            throw ProtocolException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            // Jackson guesses the encoding from the first bytes: valid UTF-8 starting with NULs reads as UTF-32.
            throw ProtocolException.badRequest("malformed JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw ProtocolException.badRequest("a message must be a JSON object");
        }
        JsonNode id = root.get("id");
        if (id != null && !(id.isTextual() && id.textValue().length() <= ClientMessage.MAX_ID_CHARS)
                && !(id.isNumber() && id.isIntegralNumber() && id.canConvertToLong())) {
            throw ProtocolException.badRequest(
                    "field 'id' must be a string of at most " + ClientMessage.MAX_ID_CHARS + " characters or an integer");
        }
        try {
            JsonNode type = root.get("type");
            if (type == null || !type.isTextual()) {
                throw ProtocolException.badRequest("field 'type' is required and must be a string");
            }
            BiFunction<JsonNode, Fields, ClientMessage> decoder = decoders.get(type.textValue());
            if (decoder == null) {
                throw ProtocolException.badRequest("unknown type '" + abbreviate(type.textValue()) + "'");
            }
            return decoder.apply(id, new Fields(root));
        } catch (ProtocolException e) {
            throw e.forRequest(id);
        }
    }

    /**
     * The {@code id} of a frame that is refused unread (over the rate limit), so its error still
     * answers the request; null when the frame has none usable. Reads only up to the id, builds no
     * tree and never throws.
     */
    public JsonNode requestIdOf(InputStream frame) {
        try (JsonParser parser = mapper.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("id")) {
                    return idValue(parser, value);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The same ids {@link #decode} accepts: a short string or an integer that fits a long. */
    private static JsonNode idValue(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING && parser.getTextLength() <= ClientMessage.MAX_ID_CHARS) {
            return TextNode.valueOf(parser.getText());
        }
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return LongNode.valueOf(parser.getLongValue());
        }
        return null;
    }

    /** Encodes a server message as UTF-8 JSON. */
    public byte[] encode(ServerMessage message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode " + typeOf(message), e);
        }
    }

    /** The wire {@code type} of a server message. */
    public static String typeOf(ServerMessage message) {
        return TYPE_NAMES.get(message.getClass());
    }

    /** The mapper configured for this protocol, for JSON bodies of HTTP endpoints. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static String roomId(Fields f) {
        return f.text("roomId", ClientMessage.MAX_ID_CHARS);
    }

    private static String subscriptionId(Fields f) {
        return f.text("subscriptionId", ClientMessage.MAX_ID_CHARS);
    }

    private static String callId(Fields f) {
        return f.text("callId", ClientMessage.MAX_ID_CHARS);
    }

    private static String sdp(Fields f) {
        return f.text("sdp", ClientMessage.MAX_SDP_CHARS);
    }

    private static String layer(Fields f) {
        String layer = f.text("layer", 8);
        if (!Set.of("high", "medium", "low", "auto").contains(layer)) {
            throw ProtocolException.badRequest("field 'layer' must be one of high, medium, low, auto");
        }
        return layer;
    }

    private static String action(Fields f) {
        String action = f.text("action", 16);
        if (!ClientMessage.MODERATION_ACTIONS.contains(action)) {
            throw ProtocolException.badRequest("field 'action' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(ClientMessage.MODERATION_ACTIONS)));
        }
        return action;
    }

    private static String reason(Fields f) {
        String reason = f.text("reason", 16);
        if (!io.livestage.signaling.moderation.Report.REASONS.contains(reason)) {
            throw ProtocolException.badRequest("field 'reason' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(io.livestage.signaling.moderation.Report.REASONS)));
        }
        return reason;
    }

    private static int optionalInt(Long value, int absent) {
        return value == null ? absent : value.intValue();
    }

    private static Integer boxed(Long value) {
        return value == null ? null : value.intValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
