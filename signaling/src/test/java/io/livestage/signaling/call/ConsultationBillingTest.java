package io.livestage.signaling.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call's behaviour when the wallet service misbehaves, with the gift bridge (Redis in
 * production) replaced by a scripted fake: unavailable charges are retried for the grace period
 * and the call ends with {@code billing_unavailable}; a charge whose outcome is unknown when the
 * call ends is asked once more so {@code call.ended} reports what was paid; answers the bridge
 * should never give leave no request or call hanging; a caller gone before the ring rings nobody;
 * only adults take paid calls.
 */
class ConsultationBillingTest {
    private static final long MINUTE_MS = 60_000;
    private static final long GRACE_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultEventExecutorGroup executors = new DefaultEventExecutorGroup(1);
    private final ManualCallClock clock = new ManualCallClock(0);
    private final ScriptedWallet gifts = new ScriptedWallet();
    private final List<WebhookEvent> reported = new CopyOnWriteArrayList<>();
    private final Consultations calls = new Consultations(new CallsConfig(MINUTE_MS, 30_000, GRACE_MS, 1, 1000, 10),
            clock, executors, new UnavailableMediaPlane(), gifts, new CallMetrics(), reported::add);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final Map<Session, EmbeddedChannel> channels = new HashMap<>();

    @AfterEach
    void stop() {
        executors.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aMinuteTheWalletServiceCannotChargeIsRetriedThenTheCallEndsWithBillingUnavailable() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(new GiftBridge.Wallet(1000, 0));
        gifts.charges = minute -> minute.minute() == 0
                ? CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(970, 30))
                : CompletableFuture.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE, "redis down"));

        String callId = connect(caller, consultant);
        clock.advance(MINUTE_MS);
        assertNull(next(caller, "call.ended"), "a failed charge is retried, not fatal at once");
        clock.advance(GRACE_MS);
        JsonNode ended = next(caller, "call.ended");
        assertEquals("billing_unavailable", ended.path("reason").asText());
        assertEquals(30, ended.path("charged").asLong());
        assertEquals(callId, next(consultant, "call.ended").path("callId").asText());
        // Minute 1 was tried at its start, once a second for the grace period, and once more as the call ended
        // (its outcome was still unknown), always as minute 1 (idempotent).
        assertEquals(1 + GRACE_MS / 1000 + 1, attemptsOf(1));
        assertTrue(gifts.attempts.stream().allMatch(m -> m.callId().equals(callId) && m.rate() == 30));
    }

    @Test
    void aMinuteThatCommittedAfterItsChargeTimedOutIsReportedWhenTheCallEndsBeforeItsRetry() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(new GiftBridge.Wallet(1000, 0));
        // Minute 1 commits in the store but its answer is lost (our timeout); asked again, the store replays it.
        gifts.charges = minute -> minute.minute() == 0
                ? CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(970, 30))
                : attemptsOf(1) == 1
                        ? CompletableFuture.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE, "timed out"))
                        : CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(940, 60));

        String callId = connect(caller, consultant);
        clock.advance(MINUTE_MS);
        assertNull(next(caller, "call.billing"), "the charge failed as far as the call knows");
        calls.end(caller, new ClientMessage.CallEnd(null, callId));

        JsonNode ended = await(caller, "call.ended");
        assertEquals("hangup", ended.path("reason").asText());
        assertEquals(60, ended.path("charged").asLong(), "the committed minute is reported");
        assertEquals(60, await(consultant, "call.ended").path("charged").asLong());
        assertEquals(2, attemptsOf(1), "asked once more, as the same minute");
        assertTrue(gifts.attempts.stream().allMatch(m -> m.callId().equals(callId) && m.rate() == 30));
    }

    @Test
    void thePlatformHearsOfTheCallsStartEachChargedMinuteOnceAndItsEnd() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(new GiftBridge.Wallet(1000, 0));
        // Minute 1 times out on our side but commits; the end asks again and hears it was paid.
        gifts.charges = minute -> minute.minute() == 0
                ? CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(970, 30))
                : attemptsOf(1) == 1
                        ? CompletableFuture.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE, "timed out"))
                        : CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(940, 60));

        String callId = connect(caller, consultant);
        clock.advance(MINUTE_MS);
        calls.end(caller, new ClientMessage.CallEnd(null, callId));
        await(caller, "call.ended");

        assertEquals(List.of(WebhookEventType.CALL_STARTED, WebhookEventType.CALL_MINUTE_CHARGED,
                WebhookEventType.CALL_MINUTE_CHARGED, WebhookEventType.CALL_ENDED),
                reported.stream().map(WebhookEvent::type).toList(), "the start comes before its first minute");
        Map<String, Object> started = reported.get(0).data();
        assertEquals(callId, started.get("callId"));
        assertEquals("bob", started.get("callerId"));
        assertEquals("ada", started.get("consultantId"));
        assertEquals(30L, started.get("rate"));
        for (int minute = 0; minute < 2; minute++) {
            WebhookEvent charged = reported.get(1 + minute);
            assertEquals(minute, charged.data().get("minute"));
            assertEquals(30L, charged.data().get("coins"));
            assertEquals(30L * (minute + 1), charged.data().get("charged"));
            assertEquals(WebhookEvent.of(WebhookEventType.CALL_MINUTE_CHARGED, callId + ":" + minute, Map.of()).id(),
                    charged.id(), "a minute's delivery id is its (call, minute): a repeat is kept once by the outbox");
        }
        Map<String, Object> ended = reported.get(3).data();
        assertEquals("hangup", ended.get("reason"));
        assertEquals(true, ended.get("started"));
        assertEquals(60L, ended.get("charged"));
    }

    @Test
    void aChargeAnsweredWithNothingStillEndsTheCallThatWaitedForIt() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(new GiftBridge.Wallet(1000, 0));
        CompletableFuture<GiftBridge.MinuteCharge> minuteOne = new CompletableFuture<>();
        gifts.charges = minute -> minute.minute() == 0
                ? CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(970, 30)) : minuteOne;

        String callId = connect(caller, consultant);
        clock.advance(MINUTE_MS);
        calls.end(caller, new ClientMessage.CallEnd(null, callId));
        assertNull(next(caller, "call.ended"), "the end waits for the charge in flight");
        minuteOne.complete(null);

        JsonNode ended = await(caller, "call.ended");
        assertEquals(30, ended.path("charged").asLong());
        assertEquals(callId, await(consultant, "call.ended").path("callId").asText());
        assertEquals(0, calls.size());
    }

    @Test
    void aBalanceAnsweredWithNothingRefusesTheCallInsteadOfHangingIt() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(null);
        calls.status(consultant, new ClientMessage.ConsultantStatus(null, true));
        calls.request(caller, new ClientMessage.CallRequest(JSON.getNodeFactory().numberNode(7), "ada"));

        JsonNode refused = await(caller, "error");
        assertEquals(7, refused.path("id").asInt());
        assertEquals("internal", refused.path("code").asText());
        assertEquals(0, calls.size(), "nobody stays reserved");
        assertNull(next(consultant, "call.incoming"));
    }

    @Test
    void aShutdownCompletesOnceTheCallHasEndedWithTheChargeInFlightSettled() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        gifts.balance = CompletableFuture.completedFuture(new GiftBridge.Wallet(1000, 0));
        CompletableFuture<GiftBridge.MinuteCharge> minuteOne = new CompletableFuture<>();
        gifts.charges = minute -> minute.minute() == 0
                ? CompletableFuture.completedFuture(new GiftBridge.MinuteCharge(970, 30)) : minuteOne;

        connect(caller, consultant);
        clock.advance(MINUTE_MS);
        List<io.netty.util.concurrent.Future<Void>> ending = calls.endAll();
        assertNull(next(caller, "call.ended"), "the call waits for its charge");
        assertTrue(!ending.get(0).isDone(), "so the shutdown waits too");

        minuteOne.complete(new GiftBridge.MinuteCharge(940, 60));
        assertTrue(ending.get(0).await(5, TimeUnit.SECONDS));
        assertEquals(60, next(caller, "call.ended").path("charged").asLong());
    }

    @Test
    void onlyVerifiedAdultsGoAvailableForPaidCalls() throws Exception {
        Session minor = session("ada", Role.CONSULTANT, false);
        Session caller = session("bob", Role.VIEWER);
        ProtocolException refused = org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class,
                () -> calls.status(minor, new ClientMessage.ConsultantStatus(null, true)));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        calls.status(minor, new ClientMessage.ConsultantStatus(null, false));
        assertEquals(false, next(minor, "consultant.status").path("available").asBoolean(), "going away is allowed");

        ProtocolException unknown = org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class,
                () -> calls.request(caller, new ClientMessage.CallRequest(null, "ada")));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code(), "nobody can call them");
    }

    @Test
    void aCallerWhoLeavesWhileTheirBalanceIsCheckedRingsNobody() throws Exception {
        Session consultant = session("ada", Role.CONSULTANT);
        Session caller = session("bob", Role.VIEWER);
        CompletableFuture<GiftBridge.Wallet> balance = new CompletableFuture<>();
        gifts.balance = balance;
        calls.status(consultant, new ClientMessage.ConsultantStatus(null, true));
        calls.request(caller, new ClientMessage.CallRequest(null, "ada"));
        for (var room : caller.rooms()) {
            room.memberGone(caller);
        }
        balance.complete(new GiftBridge.Wallet(1000, 0));
        executors.next().submit(() -> { }).sync();
        assertNull(next(consultant, "call.incoming"));
        assertNull(next(consultant, "call.ended"), "the consultant never heard of the call");
        assertEquals(0, calls.size());
        assertTrue(caller.rooms().isEmpty());
    }

    private String connect(Session caller, Session consultant) throws Exception {
        calls.status(consultant, new ClientMessage.ConsultantStatus(null, true));
        calls.request(caller, new ClientMessage.CallRequest(null, "ada"));
        String callId = await(caller, "call.ringing").path("callId").asText();
        calls.accept(consultant, new ClientMessage.CallAccept(null, callId));
        await(caller, "call.started");
        assertEquals(30, await(caller, "call.billing").path("charged").asLong());
        return callId;
    }

    private long attemptsOf(int minute) {
        return gifts.attempts.stream().filter(m -> m.minute() == minute).count();
    }

    private Session session(String userId, Role role) {
        return session(userId, role, true);
    }

    private Session session(String userId, Role role, boolean adult) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Session session = new Session(userId + "-session", channel, codec, new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0));
        channels.put(session, channel);
        session.authenticate(new Identity(userId, userId, Set.of(role), adult, 30L));
        return session;
    }

    /** The next message of the type the session was sent, waiting for the call's executor; null if none. */
    private JsonNode await(Session session, String type) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode message = next(session, type);
            if (message != null) {
                return message;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type);
    }

    private JsonNode next(Session session, String type) throws Exception {
        executors.next().submit(() -> { }).sync();
        EmbeddedChannel channel = channels.get(session);
        channel.runPendingTasks();
        Object frame;
        while ((frame = channel.readOutbound()) != null) {
            TextWebSocketFrame text = (TextWebSocketFrame) frame;
            JsonNode message = JSON.readTree(text.text());
            text.release();
            if (message.path("type").asText().equals(type)) {
                return message;
            }
        }
        return null;
    }


    /** A wallet whose balance and minute charges the test scripts; every charge attempt is kept. */
    private static final class ScriptedWallet implements GiftBridge {
        volatile CompletableFuture<Wallet> balance;
        volatile Function<CallMinute, CompletableFuture<MinuteCharge>> charges;
        final List<CallMinute> attempts = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Wallet> wallet(String userId) {
            return balance;
        }

        @Override
        public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
            attempts.add(minute);
            return charges.apply(minute);
        }

        @Override
        public List<Gift> catalog() {
            return List.of();
        }

        @Override
        public CompletionStage<Receipt> send(Order order) {
            throw new UnsupportedOperationException("no gifts in call tests");
        }

        @Override
        public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
            throw new UnsupportedOperationException("no credits in call tests");
        }

        @Override
        public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
            throw new UnsupportedOperationException("no reversals in call tests");
        }

        @Override
        public CompletionStage<Erasure> erase(String userId) {
            throw new UnsupportedOperationException("no erasure in call tests");
        }

        @Override
        public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public AutoCloseable watch(String roomId, Consumer<GiftEvent> events) {
            return () -> { };
        }

        @Override
        public void roomClosed(String roomId) {
        }
    }
}
