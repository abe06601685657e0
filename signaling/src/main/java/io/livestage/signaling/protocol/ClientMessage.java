package io.livestage.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request from a client, decoded and validated by {@link MessageCodec}. {@code id} is the
 * client's correlation id (a JSON string or number, or null), echoed on the direct reply.
 */
public sealed interface ClientMessage {
    /** Size caps shared by decoding and documentation. */
    int MAX_ID_CHARS = 64;
    int MAX_TOKEN_CHARS = 8192;
    int MAX_SDP_CHARS = 32 * 1024;
    int MAX_CANDIDATE_CHARS = 1024;

    JsonNode id();

    /** The wire name of this message's {@code type}. */
    String type();

    /** {@code batch}: the client reads {@code room.events} frames (several of a room's events in one). */
    record Auth(JsonNode id, String token, boolean batch) implements ClientMessage {
        public String type() { return "auth"; }
    }

    /** A fresh token for the same user, replacing the connection's in place before it expires. */
    record AuthRefresh(JsonNode id, String token) implements ClientMessage {
        public String type() { return "auth.refresh"; }
    }

    record Ping(JsonNode id) implements ClientMessage {
        public String type() { return "ping"; }
    }

    record ShowStart(JsonNode id, String title) implements ClientMessage {
        public String type() { return "show.start"; }
    }

    record ShowEnd(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "show.end"; }
    }

    record ShowInvite(JsonNode id, String roomId, String userId) implements ClientMessage {
        public String type() { return "show.invite"; }
    }

    record ShowList(JsonNode id) implements ClientMessage {
        public String type() { return "show.list"; }
    }

    record RoomJoin(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "room.join"; }
    }

    record RoomLeave(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "room.leave"; }
    }

    record ChatSend(JsonNode id, String roomId, String text) implements ClientMessage {
        public String type() { return "chat.send"; }
    }

    record MediaPublish(JsonNode id, String roomId, String sdp) implements ClientMessage {
        public String type() { return "media.publish"; }
    }

    record MediaSubscribe(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "media.subscribe"; }
    }

    record MediaAnswer(JsonNode id, String subscriptionId, String sdp) implements ClientMessage {
        public String type() { return "media.answer"; }
    }

    record MediaCandidate(JsonNode id, String roomId, String candidate, String sdpMid) implements ClientMessage {
        public String type() { return "media.candidate"; }
    }

    record MediaRestart(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "media.restart"; }
    }

    record MediaLayer(JsonNode id, String subscriptionId, String layer) implements ClientMessage {
        public String type() { return "media.layer"; }
    }

    record MediaUnpublish(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "media.unpublish"; }
    }

    record MediaUnsubscribe(JsonNode id, String subscriptionId) implements ClientMessage {
        public String type() { return "media.unsubscribe"; }
    }

    record GiftCatalog(JsonNode id) implements ClientMessage {
        public String type() { return "gift.catalog"; }
    }

    record WalletBalance(JsonNode id) implements ClientMessage {
        public String type() { return "wallet.balance"; }
    }

    record GiftSend(JsonNode id, String roomId, String giftId, int count, String key) implements ClientMessage {
        public String type() { return "gift.send"; }
    }

    record ConsultantStatus(JsonNode id, boolean available) implements ClientMessage {
        public String type() { return "consultant.status"; }
    }

    record ConsultantList(JsonNode id) implements ClientMessage {
        public String type() { return "consultant.list"; }
    }

    record CallRequest(JsonNode id, String consultantId) implements ClientMessage {
        public String type() { return "call.request"; }
    }

    record CallAccept(JsonNode id, String callId) implements ClientMessage {
        public String type() { return "call.accept"; }
    }

    record CallDecline(JsonNode id, String callId) implements ClientMessage {
        public String type() { return "call.decline"; }
    }

    record CallEnd(JsonNode id, String callId) implements ClientMessage {
        public String type() { return "call.end"; }
    }

    record CallResume(JsonNode id, String callId) implements ClientMessage {
        public String type() { return "call.resume"; }
    }

    /** Host and moderators: a page of the show's members, ordered by user id, after {@code cursor}. */
    record RoomMembers(JsonNode id, String roomId, String cursor, int limit) implements ClientMessage {
        public String type() { return "room.members"; }
    }

    /** Host and moderators act on a member: {@code action} is one of {@link #MODERATION_ACTIONS}. */
    record RoomModerate(JsonNode id, String roomId, String userId, String action) implements ClientMessage {
        public String type() { return "room.moderate"; }
    }

    /** Host and moderators change slow mode and the show's own banned words; null fields stay as they are. */
    record RoomSettings(JsonNode id, String roomId, Integer slowModeSeconds, java.util.List<String> bannedWords)
            implements ClientMessage {
        public String type() { return "room.settings"; }
    }

    /** The host (or a moderator) pins a message for everyone, late joiners included; null text unpins. */
    record RoomPin(JsonNode id, String roomId, String text) implements ClientMessage {
        public String type() { return "room.pin"; }
    }

    /** A free like (a heart); the room hears about likes summed per tick. */
    record LikeSend(JsonNode id, String roomId) implements ClientMessage {
        public String type() { return "like.send"; }
    }

    /** Hides (or shows again) a user's chat for this connection. */
    record UserBlock(JsonNode id, String userId, boolean blocked) implements ClientMessage {
        public String type() { return "user.block"; }
    }

    /** Reports a show, or one of its chat messages ({@code messageId}), to the platform. */
    record ReportSend(JsonNode id, String roomId, String messageId, String reason) implements ClientMessage {
        public String type() { return "report.send"; }
    }

    /** What {@code room.moderate} can do. */
    java.util.Set<String> MODERATION_ACTIONS = java.util.Set.of("mute", "unmute", "remove", "ban", "unban",
            "promote", "demote");
}
