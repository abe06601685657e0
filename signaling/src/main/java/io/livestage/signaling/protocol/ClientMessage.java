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

    record Auth(JsonNode id, String token) implements ClientMessage {
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
}
