package io.livestage.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.gifts.GiftBridge;
import java.util.List;

/**
 * A message the server sends. Jackson writes {@code type} from each record's
 * {@link JsonTypeName}; {@code id} is set on direct replies and null (omitted) on events.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface ServerMessage {

    /** Someone as other members see them. */
    record Person(String userId, String name) {}

    /** A STUN/TURN server the client may use, as in RTCIceServer. */
    record IceServer(List<String> urls, String username, String credential) {}

    /** One live show in {@code show.list}. */
    record ShowSummary(String roomId, String title, String hostId, String hostName, int viewers) {}

    /**
     * {@code reason}, when present, says more precisely than {@code code} why a room refused
     * ({@code muted}, {@code slow_mode}, {@code banned_word}, {@code removed}, {@code banned}).
     */
    @JsonTypeName("error")
    record Error(JsonNode id, String code, String message, String reason) implements ServerMessage {
        public static Error of(JsonNode id, ErrorCode code, String message) {
            return new Error(id, code.wire(), message, null);
        }

        public static Error of(JsonNode id, ErrorCode code, String reason, String message) {
            return new Error(id, code.wire(), message, reason);
        }
    }

    /** {@code expiresAt}: the token's {@code exp} in epoch milliseconds; refresh before it with {@code auth.refresh}. */
    @JsonTypeName("welcome")
    record Welcome(JsonNode id, String sessionId, String userId, String name, List<String> roles,
                   boolean adult, List<IceServer> iceServers, long serverTime, long expiresAt, int protocolVersion,
                   String serverVersion, ClientSettings client) implements ServerMessage {}

    /** What the web client adapts to: dev sign-in, the shop's URL, when a gift asks to be confirmed. */
    record ClientSettings(boolean devMode, String buyCoinsUrl, long giftConfirmAbove) {}

    /** The reply to {@code auth.refresh}: who the connection is now, and until when. */
    @JsonTypeName("auth.refreshed")
    record AuthRefreshed(JsonNode id, String userId, String name, List<String> roles, boolean adult,
                         long serverTime, long expiresAt) implements ServerMessage {}

    @JsonTypeName("pong")
    record Pong(JsonNode id, long serverTime) implements ServerMessage {}

    @JsonTypeName("show.started")
    record ShowStarted(JsonNode id, String roomId) implements ServerMessage {}

    @JsonTypeName("show.ended")
    record ShowEnded(JsonNode id, String roomId, String reason) implements ServerMessage {}

    @JsonTypeName("show.invited")
    record ShowInvited(JsonNode id, String roomId, String userId) implements ServerMessage {}

    @JsonTypeName("show.list")
    record ShowListing(JsonNode id, List<ShowSummary> shows) implements ServerMessage {}

    /**
     * {@code role}: the joiner's ({@code host}, {@code moderator}, {@code viewer}); {@code pinned}: the
     * pinned message or null; {@code likes}: the show's likes so far; {@code acceptsGifts}: false when
     * the host is not a verified adult (clients then offer no gifts).
     */
    @JsonTypeName("room.joined")
    record RoomJoined(JsonNode id, String roomId, String title, String hostId, int viewers,
                      List<String> publishers, List<TopGifter> leaderboard, String hostName, String role,
                      boolean muted, int slowModeSeconds, Pinned pinned, long likes,
                      boolean acceptsGifts) implements ServerMessage {}

    /** A pinned message: what, by whom, when. */
    record Pinned(String text, Person by, long ts) {}

    /** One member in {@code room.members}. */
    record Member(String userId, String name, String role, boolean muted) {}

    /** {@code next}: the cursor of the following page, or null on the last one. */
    @JsonTypeName("room.members")
    record RoomMembers(JsonNode id, String roomId, List<Member> members, int total, String next) implements ServerMessage {}

    /** The reply to {@code room.moderate}, and the event its target (and the room's moderators) get. */
    @JsonTypeName("room.moderated")
    record RoomModerated(JsonNode id, String roomId, String userId, String action, Person by) implements ServerMessage {}

    /** To a member put out of a show: {@code reason} is {@code removed} or {@code banned}. */
    @JsonTypeName("room.removed")
    record RoomRemoved(String roomId, String reason) implements ServerMessage {}

    /** The reply to {@code room.settings} carries the show's own banned words; the event to everyone does not. */
    @JsonTypeName("room.settings")
    record RoomSettings(JsonNode id, String roomId, int slowModeSeconds, List<String> bannedWords) implements ServerMessage {}

    /** {@code pinned} is null when unpinned. */
    @JsonTypeName("room.pinned")
    record RoomPinned(JsonNode id, String roomId, Pinned pinned) implements ServerMessage {}

    /** Likes of one tick: {@code count} new ones, {@code total} since the show started. */
    @JsonTypeName("likes")
    record Likes(String roomId, long count, long total) implements ServerMessage {}

    @JsonTypeName("user.blocked")
    record UserBlocked(JsonNode id, String userId, boolean blocked) implements ServerMessage {}

    @JsonTypeName("report.received")
    record ReportReceived(JsonNode id, String reportId) implements ServerMessage {}

    /** One line of a show's top-gifters board. */
    record TopGifter(String userId, String name, long amount) {}

    /** A gift of the catalog, with what the client needs to animate it. */
    record GiftItem(String giftId, String name, long price, GiftBridge.Animation animation) {}

    @JsonTypeName("gift.catalog")
    record GiftCatalog(JsonNode id, List<GiftItem> gifts) implements ServerMessage {}

    @JsonTypeName("wallet")
    record Wallet(JsonNode id, long balance, long earnings) implements ServerMessage {}

    @JsonTypeName("gift.sent")
    record GiftSent(JsonNode id, String txId, long balance) implements ServerMessage {}

    @JsonTypeName("gift")
    record Gift(String roomId, String txId, Person from, Recipient to, String giftId, int count, int combo,
                GiftBridge.Animation animation, long ts) implements ServerMessage {}

    /** Who a gift is for. */
    record Recipient(String userId) {}

    @JsonTypeName("leaderboard")
    record Leaderboard(String roomId, List<TopGifter> top) implements ServerMessage {}

    @JsonTypeName("room.left")
    record RoomLeft(JsonNode id, String roomId) implements ServerMessage {}

    @JsonTypeName("room.viewers")
    record RoomViewers(String roomId, int count) implements ServerMessage {}

    @JsonTypeName("room.publisher")
    record RoomPublisher(String roomId, String userId, String state) implements ServerMessage {}

    /** {@code msgId} names the message in {@code report.send}. */
    @JsonTypeName("chat")
    record Chat(JsonNode id, String roomId, Person from, String text, long ts, String msgId) implements ServerMessage {}

    @JsonTypeName("media.answer")
    record MediaAnswer(JsonNode id, String roomId, String sdp) implements ServerMessage {}

    @JsonTypeName("media.offer")
    record MediaOffer(JsonNode id, String roomId, String subscriptionId, String sdp) implements ServerMessage {}

    @JsonTypeName("media.ok")
    record MediaOk(JsonNode id, String subscriptionId) implements ServerMessage {}

    /**
     * Event: the subscription now receives this simulcast layer; {@code mode} is {@code auto} (the
     * server's choice from the viewer's bandwidth) or {@code pinned} (the viewer's media.layer).
     */
    @JsonTypeName("media.layer")
    record MediaLayer(String roomId, String subscriptionId, String layer, String mode) implements ServerMessage {}

    /**
     * Event to a publisher: of the simulcast track of m-section {@code mid}, send only the layers
     * (rids) in {@code active}; nobody watches the others. A later event resumes them.
     */
    @JsonTypeName("media.layers")
    record MediaLayers(String roomId, String mid, List<String> active) implements ServerMessage {}

    @JsonTypeName("consultant.status")
    record ConsultantStatus(JsonNode id, boolean available, long ratePerMinute) implements ServerMessage {}

    /** An available consultant in {@code consultant.list}; {@code busy} while in a call. */
    record ConsultantSummary(String userId, String name, long ratePerMinute, boolean busy) {}

    @JsonTypeName("consultant.list")
    record ConsultantListing(JsonNode id, List<ConsultantSummary> consultants) implements ServerMessage {}

    @JsonTypeName("call.ringing")
    record CallRinging(JsonNode id, String callId, long ratePerMinute) implements ServerMessage {}

    /**
     * The node is going away (draining): connect again, to any node, {@code after} ms from now
     * (spread so a node's clients do not all come back in the same instant), and rejoin.
     */
    @JsonTypeName("reconnect")
    record Reconnect(String reason, long after) implements ServerMessage {}

    @JsonTypeName("call.incoming")
    record CallIncoming(String callId, Person from, long ratePerMinute) implements ServerMessage {}

    /** {@code moved} (true, else absent): the call now runs on another node; publish and subscribe again. */
    @JsonTypeName("call.started")
    record CallStarted(JsonNode id, String callId, String roomId, Boolean moved) implements ServerMessage {
        public CallStarted(JsonNode id, String callId, String roomId) {
            this(id, callId, roomId, null);
        }
    }

    @JsonTypeName("call.billing")
    record CallBilling(String callId, long charged, long balance, long secondsLeft) implements ServerMessage {}

    @JsonTypeName("call.ended")
    record CallEnded(JsonNode id, String callId, String reason, long durationSec, long charged) implements ServerMessage {}

    @JsonTypeName("call.peer")
    record CallPeer(String callId, String userId, String state) implements ServerMessage {}
}
