package io.livestage.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A client's frame, fuzzed, through {@link MessageCodec#decode}: it yields a message or a {@link
 * ProtocolException}, nothing else (the codec's promise, which the connection handler relies on).
 * A decoded message written back as JSON decodes to the same message, and the id the cheap
 * {@link MessageCodec#requestIdOf} reads is the one the full decode sees (for a frame without
 * duplicate keys), both on success and on the error that answers the request.
 */
class MessageCodecFuzzTest {
    private static final MessageCodec CODEC = new MessageCodec(new MessageLimits(100, 500));
    /** Tells frames with duplicate keys apart: for those the two readers may pick different ids. */
    private static final ObjectMapper STRICT = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"\"type\":", "\"id\":", "\"roomId\":", "\"sdp\":", "\"token\":", "\"text\":", "\"count\":",
            "\"key\":", "\"giftId\":", "\"callId\":", "\"layer\":", "\"subscriptionId\":", "\"candidate\":",
            "\"sdpMid\":", "\"available\":", "\"title\":", "\"userId\":", "\"consultantId\":", "\"auth\"",
            "\"gift.send\"", "\"media.publish\"", "\"media.candidate\"", "\"media.layer\"", "\"chat.send\"",
            "\"consultant.status\"", "\"call.request\"", "1e999", "-9223372036854775809"})
    void decode(byte[] frame) throws IOException {
        ClientMessage message;
        JsonNode cheapId = CODEC.requestIdOf(new ByteArrayInputStream(frame));
        boolean uniqueKeys = uniqueKeys(frame);
        try {
            message = CODEC.decode(new ByteArrayInputStream(frame));
        } catch (ProtocolException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            if (uniqueKeys && e.requestId() != null) {
                assertSameId(e.requestId(), cheapId);
            }
            return;
        }
        assertTrue(CODEC.knownTypes().contains(message.type()));
        if (uniqueKeys) {
            assertSameId(message.id(), cheapId);
        }
        byte[] again = encode(message);
        assertEquals(message, CODEC.decode(new ByteArrayInputStream(again)), "a decoded message survives a round trip");
    }

    /** The message as a client would send it: type, id and each field under its own name. */
    private static byte[] encode(ClientMessage message) throws IOException {
        ObjectNode node = STRICT.createObjectNode();
        node.put("type", message.type());
        for (RecordComponent component : message.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(message);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value != null) {
                node.set(component.getName(), STRICT.valueToTree(value));
            }
        }
        return STRICT.writeValueAsBytes(node);
    }

    private static boolean uniqueKeys(byte[] frame) {
        try {
            STRICT.readTree(frame);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An id as the client wrote it: the same text, or the same integer whatever node type holds it. */
    private static void assertSameId(JsonNode decoded, JsonNode cheap) {
        if (decoded == null) {
            assertEquals(null, cheap);
        } else if (decoded.isTextual()) {
            assertEquals(decoded.textValue(), cheap == null ? null : cheap.textValue());
        } else {
            assertTrue(cheap != null && cheap.isIntegralNumber(), "requestIdOf lost the id " + decoded);
            assertEquals(decoded.longValue(), cheap.longValue());
        }
    }
}
