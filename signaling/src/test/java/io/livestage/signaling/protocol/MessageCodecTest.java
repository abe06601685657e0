package io.livestage.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(new MessageLimits(10, 20));

    private ClientMessage decode(String json) {
        return codec.decode(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private ProtocolException refused(String json) {
        return assertThrows(ProtocolException.class, () -> decode(json));
    }

    @Test
    void decodesEachShowRequest() {
        ClientMessage.ShowStart start = assertInstanceOf(ClientMessage.ShowStart.class,
                decode("{\"type\":\"show.start\",\"id\":\"a\",\"title\":\"Hi\",\"extra\":true}"));
        assertEquals("a", start.id().textValue());
        assertEquals("Hi", start.title());
        ClientMessage.ChatSend chat = assertInstanceOf(ClientMessage.ChatSend.class,
                decode("{\"type\":\"chat.send\",\"roomId\":\"r1\",\"text\":\"yo\"}"));
        assertNull(chat.id());
        assertEquals("r1", chat.roomId());
        assertInstanceOf(ClientMessage.GiftSend.class,
                decode("{\"type\":\"gift.send\",\"roomId\":\"r\",\"giftId\":\"g\",\"count\":3,\"key\":\"k\"}"));
        assertInstanceOf(ClientMessage.MediaCandidate.class,
                decode("{\"type\":\"media.candidate\",\"roomId\":\"r\",\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 5 typ host\"}"));
    }

    @Test
    void everyProtocolRequestTypeIsKnown() {
        assertEquals(35, codec.knownTypes().size());
        assertTrue(codec.knownTypes().containsAll(List.of("auth", "auth.refresh", "ping", "show.start", "show.end", "show.list",
                "show.invite", "room.join", "room.leave", "chat.send", "media.publish", "media.subscribe", "media.answer",
                "media.candidate", "media.restart", "media.layer", "media.unpublish", "media.unsubscribe",
                "gift.catalog", "wallet.balance", "gift.send", "consultant.status", "call.request", "call.accept",
                "call.decline", "call.end", "consultant.list", "call.resume", "room.members", "room.moderate",
                "room.settings", "room.pin", "like.send", "user.block", "report.send")));
    }

    @Test
    void decodesModerationRequestsAndRefusesBadFields() {
        ClientMessage.RoomMembers members = assertInstanceOf(ClientMessage.RoomMembers.class,
                decode("{\"type\":\"room.members\",\"roomId\":\"r\"}"));
        assertNull(members.cursor());
        assertEquals(0, members.limit());
        ClientMessage.RoomSettings settings = assertInstanceOf(ClientMessage.RoomSettings.class,
                decode("{\"type\":\"room.settings\",\"roomId\":\"r\",\"slowModeSeconds\":10}"));
        assertEquals(10, settings.slowModeSeconds());
        assertNull(settings.bannedWords(), "absent means unchanged");
        ClientMessage.RoomPin unpin = assertInstanceOf(ClientMessage.RoomPin.class,
                decode("{\"type\":\"room.pin\",\"roomId\":\"r\"}"));
        assertNull(unpin.text());
        assertEquals(ErrorCode.BAD_REQUEST,
                refused("{\"type\":\"room.moderate\",\"roomId\":\"r\",\"userId\":\"u\",\"action\":\"kick\"}").code());
        assertEquals(ErrorCode.BAD_REQUEST,
                refused("{\"type\":\"room.settings\",\"roomId\":\"r\",\"bannedWords\":[\"ok\",7]}").code());
        assertEquals(ErrorCode.BAD_REQUEST,
                refused("{\"type\":\"room.settings\",\"roomId\":\"r\",\"slowModeSeconds\":-1}").code());
        assertEquals(ErrorCode.BAD_REQUEST,
                refused("{\"type\":\"user.block\",\"userId\":\"u\"}").code());
        assertEquals(ErrorCode.BAD_REQUEST,
                refused("{\"type\":\"report.send\",\"roomId\":\"r\",\"reason\":\"dislike\"}").code());
    }

    @Test
    void decodesAuthRefresh() {
        ClientMessage.AuthRefresh refresh = assertInstanceOf(ClientMessage.AuthRefresh.class,
                decode("{\"type\":\"auth.refresh\",\"id\":4,\"token\":\"a.b.c\"}"));
        assertEquals("a.b.c", refresh.token());
        assertEquals(ErrorCode.BAD_REQUEST, refused("{\"type\":\"auth.refresh\",\"id\":4}").code());
    }

    @Test
    void errorsCarryTheRequestIdWhenReadable() {
        ProtocolException e = refused("{\"type\":\"room.join\",\"id\":5}");
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(new IntNode(5), e.requestId());
        assertNull(refused("{\"type\":").requestId());
    }

    @Test
    void lengthsAreCountedInCharactersNotUtf16Units() {
        // 20 emoji are 40 UTF-16 units but 20 characters: exactly at the cap.
        decode("{\"type\":\"chat.send\",\"roomId\":\"r\",\"text\":\"" + "😀".repeat(20) + "\"}");
        assertTrue(refused("{\"type\":\"chat.send\",\"roomId\":\"r\",\"text\":\"" + "😀".repeat(21) + "\"}")
                .getMessage().contains("too long (21 > 20"));
        assertTrue(refused("{\"type\":\"show.start\",\"title\":\"" + "t".repeat(11) + "\"}").getMessage().contains("'title'"));
    }

    @Test
    void refusesNumbersAndBooleansWhereStringsBelong() {
        assertTrue(refused("{\"type\":\"show.end\",\"roomId\":true}").getMessage().contains("must be a string"));
        assertTrue(refused("{\"type\":\"gift.send\",\"roomId\":\"r\",\"giftId\":\"g\",\"count\":\"2\",\"key\":\"k\"}")
                .getMessage().contains("'count' must be an integer"));
        assertTrue(refused("{\"type\":\"consultant.status\",\"available\":\"yes\"}").getMessage().contains("true or false"));
    }

    @Test
    void refusesDeeplyNestedInput() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertEquals(ErrorCode.BAD_REQUEST, refused("{\"type\":\"ping\",\"x\":" + deep + "}").code());
    }

    @Test
    void encodesTheTypeFirstAndOmitsAbsentIds() {
        String json = new String(codec.encode(new ServerMessage.RoomViewers("r1", 3)), StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"room.viewers\",\"roomId\":\"r1\",\"count\":3}", json);
        String error = new String(codec.encode(ServerMessage.Error.of(new IntNode(9), ErrorCode.NOT_FOUND, "gone")),
                StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"error\",\"id\":9,\"code\":\"not_found\",\"message\":\"gone\"}", error);
        assertEquals("show.ended", MessageCodec.typeOf(new ServerMessage.ShowEnded(null, "r", "host_left")));
    }

    @Test
    void findsTheRequestIdOfAFrameRefusedUnread() {
        assertEquals("a", requestId("{\"type\":\"ping\",\"id\":\"a\",\"rest\":[1,2"));
        assertEquals(12345678901L, codec.requestIdOf(stream("{\"id\":12345678901}")).longValue());
        assertEquals("outer", requestId("{\"x\":{\"id\":\"inner\"},\"y\":[{\"id\":1}],\"id\":\"outer\"}"));
    }

    @Test
    void aRefusedFrameWithoutAUsableIdHasNone() {
        for (String frame : List.of("{\"type\":\"ping\"}", "[{\"id\":1}]", "{", "", "not json", "{\"id\":{\"a\":1}}",
                "{\"id\":1.5}", "{\"id\":123456789012345678901234567890}", "{\"id\":\"" + "i".repeat(200) + "\"}")) {
            assertNull(codec.requestIdOf(stream(frame)), frame);
        }
    }

    /** Found by MessageCodecFuzzTest: valid UTF-8 that starts with NULs escaped as an UncheckedIOException. */
    @Test
    void aFrameJacksonReadsAsUtf32IsABadRequest() {
        ProtocolException refused = refused("\u0000\u0000\u0000{\u0000\u0000\u0000\"abcd");
        assertEquals(ErrorCode.BAD_REQUEST, refused.code());
        assertTrue(refused.getMessage().startsWith("malformed JSON"), refused.getMessage());
    }

    private String requestId(String frame) {
        return codec.requestIdOf(stream(frame)).textValue();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
