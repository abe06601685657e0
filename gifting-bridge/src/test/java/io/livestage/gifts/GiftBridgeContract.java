package io.livestage.gifts;

import static io.livestage.gifts.Gifts.await;
import static io.livestage.gifts.Gifts.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.GiftException.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every gift bridge does, in memory or on Redis; subclasses say how to open one and read its ledger. */
public abstract class GiftBridgeContract {
    protected GiftBridge bridge;
    protected GiftStore store;
    /** Unique per test, so tests sharing a Redis prefix never see each other's users and rooms. */
    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    protected final String alice = "alice-" + run;
    protected final String bob = "bob-" + run;
    protected final String carol = "carol-" + run;
    protected final String room = "room-" + run;

    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    protected abstract GiftBridge open(MeterRegistry registry);

    /** Every ledger entry of the bridge, oldest first. */
    protected abstract List<LedgerEntry> ledger();

    @BeforeEach
    void openBridge() {
        bridge = open(registry);
        store = bridge.store();
    }

    @AfterEach
    void closeBridge() {
        bridge.close();
    }

    protected GiftOrder order(String sender, String recipient, String gift, int count) {
        return new GiftOrder(room, sender, sender + " name", recipient, gift, count, UUID.randomUUID().toString());
    }

    @Test
    void catalogIsServedAsConfigured() {
        assertEquals(Gifts.CATALOG, bridge.catalog());
        assertEquals(100, bridge.catalog().find("rocket").orElseThrow().price());
        assertEquals("large", bridge.catalog().find("rocket").orElseThrow().animation().tier());
        assertTrue(bridge.catalog().find("unicorn").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Animation("/a.webm", 1000, "huge"));
        assertThrows(IllegalArgumentException.class, () -> new GiftDefinition("free", "Free", 0,
                new Animation("/a.webm", 1000, "small")));
    }

    @Test
    void creditIsIdempotentByPurchaseId() {
        assertEquals(100L, await(store.credit(alice, 100, "p1-" + run)));
        assertEquals(100L, await(store.credit(alice, 100, "p1-" + run)));
        assertEquals(150L, await(store.credit(alice, 50, "p2-" + run)));
        assertEquals(new Wallet(150, 0), await(store.wallet(alice)));
        assertEquals(List.of(100L, 50L), ledgerOf(LedgerEntry.CREDIT, alice).stream().map(LedgerEntry::amount).toList());
        assertEquals(Reason.BAD_REQUEST, failure(store.credit(alice, 0, "p3-" + run)));
        assertEquals(Reason.BAD_REQUEST, failure(store.credit(alice, 5, " ")));
    }

    @Test
    void sendDebitsSenderAndCreditsRecipientExactly() {
        await(store.credit(alice, 100, "p-" + run));
        GiftReceipt receipt = await(store.send(order(alice, bob, "heart", 3)));
        assertEquals(85, receipt.balance());
        assertEquals(15, receipt.amount());
        assertEquals(3, receipt.combo());
        assertFalse(receipt.replay());
        assertEquals(new Wallet(85, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 15), await(store.wallet(bob)));
        LedgerEntry entry = ledgerOf(LedgerEntry.GIFT, alice).get(0);
        assertEquals(List.of(receipt.txId(), alice, bob, room, "heart", 3, 15L), List.of(entry.txId(), entry.from(),
                entry.to(), entry.roomId(), entry.giftId(), entry.count(), entry.amount()));
        assertEquals(receipt.ts(), entry.time());
    }

    @Test
    void retryWithTheSameKeyReturnsTheFirstReceiptAndChargesNothing() throws InterruptedException {
        Received watcher = new Received();
        bridge.feed().watch(room, watcher);
        await(store.credit(alice, 100, "p-" + run));
        GiftOrder order = order(alice, bob, "heart", 2);
        GiftReceipt first = await(store.send(order));
        GiftReceipt retry = await(store.send(order));
        assertEquals(new GiftReceipt(first.txId(), 90, 2, 10, first.ts(), true), retry);
        assertEquals(new Wallet(90, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 10), await(store.wallet(bob)));
        assertEquals(1, ledgerOf(LedgerEntry.GIFT, alice).size());
        assertEquals(List.of(first.txId()), txIds(watcher.await(2, Duration.ofMillis(500))));
    }

    @Test
    void aKeyReusedForAnotherGiftIsAConflictAndChangesNothing() throws InterruptedException {
        Received watcher = new Received();
        bridge.feed().watch(room, watcher);
        await(store.credit(alice, 100, "p-" + run));
        GiftOrder order = order(alice, bob, "heart", 2);
        GiftReceipt first = await(store.send(order));
        List<GiftOrder> others = List.of(
                new GiftOrder(room, alice, order.senderName(), bob, "heart", 3, order.key()),
                new GiftOrder(room, alice, order.senderName(), bob, "rose", 2, order.key()),
                new GiftOrder(room, alice, order.senderName(), carol, "heart", 2, order.key()),
                new GiftOrder("other-" + run, alice, order.senderName(), bob, "heart", 2, order.key()));
        for (GiftOrder other : others) {
            assertEquals(Reason.CONFLICT, failure(store.send(other)), other.toString());
        }
        // The display name is not part of what was bought: a retry after a rename is the same send.
        GiftReceipt renamed = await(store.send(new GiftOrder(room, alice, "Alice renamed", bob, "heart", 2, order.key())));
        assertEquals(new GiftReceipt(first.txId(), 90, 2, 10, first.ts(), true), renamed);
        assertEquals(new Wallet(90, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 10), await(store.wallet(bob)));
        assertEquals(new Wallet(0, 0), await(store.wallet(carol)));
        assertEquals(1, ledgerOf(LedgerEntry.GIFT, alice).size());
        assertEquals(List.of(first.txId()), txIds(watcher.await(2, Duration.ofMillis(500))));
    }

    @Test
    void aPurchaseIdReusedForAnotherCreditIsAConflictAndChangesNothing() {
        String purchase = "p-" + run;
        assertEquals(100L, await(store.credit(alice, 100, purchase)));
        assertEquals(Reason.CONFLICT, failure(store.credit(alice, 50, purchase)));
        assertEquals(Reason.CONFLICT, failure(store.credit(bob, 100, purchase)));
        assertEquals(100L, await(store.credit(alice, 100, purchase)), "the same credit again is a replay");
        assertEquals(new Wallet(100, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(bob)));
        assertEquals(List.of(100L), ledgerOf(LedgerEntry.CREDIT, alice).stream().map(LedgerEntry::amount).toList());
        assertTrue(ledgerOf(LedgerEntry.CREDIT, bob).isEmpty());
    }

    @Test
    void insufficientFundsChangeNothing() {
        await(store.credit(alice, 10, "p-" + run));
        GiftOrder rocket = order(alice, bob, "rocket", 1);
        assertEquals(Reason.INSUFFICIENT_FUNDS, failure(store.send(rocket)));
        assertEquals(new Wallet(10, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(bob)));
        assertTrue(ledgerOf(LedgerEntry.GIFT, alice).isEmpty());
        assertTrue(await(store.leaderboard(room, 10)).isEmpty());
        // The refused key was not used up: once funded, the same send goes through.
        await(store.credit(alice, 100, "p2-" + run));
        assertFalse(await(store.send(rocket)).replay());
        assertEquals(new Wallet(10, 0), await(store.wallet(alice)));
    }

    static Stream<Arguments> badOrders() {
        String longKey = "k".repeat(OrderRules.MAX_ID_LENGTH + 1);
        return Stream.of(
                Arguments.of("unknown gift", Reason.UNKNOWN_GIFT, spoil(o -> with(o, Map.of("giftId", "unicorn")))),
                Arguments.of("count 0", Reason.BAD_COUNT, spoil(o -> with(o, Map.of("count", 0)))),
                Arguments.of("count -1", Reason.BAD_COUNT, spoil(o -> with(o, Map.of("count", -1)))),
                Arguments.of("count over max", Reason.BAD_COUNT, spoil(o -> with(o, Map.of("count", 100)))),
                Arguments.of("self gift", Reason.SELF_GIFT, spoil(o -> with(o, Map.of("recipientId", o.senderId())))),
                Arguments.of("blank room", Reason.BAD_REQUEST, spoil(o -> with(o, Map.of("roomId", " ")))),
                Arguments.of("blank recipient", Reason.BAD_REQUEST, spoil(o -> with(o, Map.of("recipientId", "")))),
                Arguments.of("blank key", Reason.BAD_REQUEST, spoil(o -> with(o, Map.of("key", "")))),
                Arguments.of("key too long", Reason.BAD_REQUEST, spoil(o -> with(o, Map.of("key", longKey)))));
    }

    /** Gives a lambda its type inside Arguments.of. */
    private static UnaryOperator<GiftOrder> spoil(UnaryOperator<GiftOrder> change) {
        return change;
    }

    private static GiftOrder with(GiftOrder o, Map<String, Object> change) {
        return new GiftOrder((String) change.getOrDefault("roomId", o.roomId()), o.senderId(), o.senderName(),
                (String) change.getOrDefault("recipientId", o.recipientId()),
                (String) change.getOrDefault("giftId", o.giftId()), (Integer) change.getOrDefault("count", o.count()),
                (String) change.getOrDefault("key", o.key()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void badInputChangesNothing(String what, Reason reason, UnaryOperator<GiftOrder> spoil)
            throws InterruptedException {
        Received watcher = new Received();
        bridge.feed().watch(room, watcher);
        await(store.credit(alice, 1000, "p-" + run));
        int ledgerSize = ledger().size();
        assertEquals(reason, failure(store.send(spoil.apply(order(alice, bob, "heart", 1)))), what);
        assertEquals(new Wallet(1000, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(bob)));
        assertEquals(ledgerSize, ledger().size());
        assertTrue(await(store.leaderboard(room, 10)).isEmpty());
        assertTrue(watcher.await(1, Duration.ofMillis(200)).isEmpty());
    }

    @Test
    void comboRisesWithinTheWindowAndResetsAfterIt() throws InterruptedException {
        await(store.credit(alice, 1000, "p-" + run));
        assertEquals(1, await(store.send(order(alice, bob, "rose", 1))).combo());
        assertEquals(3, await(store.send(order(alice, bob, "rose", 2))).combo());
        assertEquals(1, await(store.send(order(alice, bob, "heart", 1))).combo(), "another gift has its own combo");
        assertEquals(4, await(store.send(order(alice, bob, "rose", 1))).combo());
        Thread.sleep(Gifts.COMBO_WINDOW_MS + 150);
        assertEquals(1, await(store.send(order(alice, bob, "rose", 1))).combo());
    }

    @Test
    void leaderboardRanksGiftersByCoinsSpentInTheShow() {
        for (String user : List.of(alice, carol, "dave-" + run)) {
            await(store.credit(user, 1000, "p-" + user));
        }
        await(store.send(order(alice, bob, "heart", 2)));
        await(store.send(order(carol, bob, "rocket", 1)));
        await(store.send(order("dave-" + run, bob, "rose", 3)));
        await(store.send(order(alice, bob, "heart", 1)));
        assertEquals(List.of(new TopGifter(carol, carol + " name", 100), new TopGifter(alice, alice + " name", 15)),
                await(store.leaderboard(room, 2)));
        assertEquals(3, await(store.leaderboard(room, 10)).size());
        assertTrue(await(store.leaderboard("other-" + run, 10)).isEmpty());
    }

    @Test
    void feedDeliversEachEventOnceToEachWatcherOfTheRoomOnly() throws Exception {
        Received first = new Received();
        Received second = new Received();
        Received elsewhere = new Received();
        Received leaver = new Received();
        bridge.feed().watch(room, first);
        bridge.feed().watch(room, second);
        bridge.feed().watch("other-" + run, elsewhere);
        AutoCloseable leaving = bridge.feed().watch(room, leaver);
        await(store.credit(alice, 1000, "p-" + run));
        GiftReceipt opening = await(store.send(order(alice, bob, "rose", 1)));
        leaver.await(1, Duration.ofSeconds(5));
        leaving.close();
        List<String> sent = new ArrayList<>(List.of(opening.txId()));
        for (int i = 0; i < 9; i++) {
            sent.add(await(store.send(order(alice, bob, i % 2 == 0 ? "rose" : "heart", 1))).txId());
        }
        assertEquals(sent, txIds(first.await(sent.size(), Duration.ofSeconds(5))));
        assertEquals(sent, second.txIds());
        assertEquals(List.of(opening.txId()), leaver.txIds());
        assertTrue(elsewhere.events().isEmpty());
        GiftEvent event = first.events().get(0);
        assertEquals(new GiftEvent(room, opening.txId(), alice, alice + " name", bob, "rose", 1, 1, 1, opening.ts()),
                event);
    }

    @Test
    void metricsCountGiftsCoinsLatenciesAndRefusals() throws InterruptedException {
        Received watcher = new Received();
        bridge.feed().watch(room, watcher);
        await(store.credit(alice, 100, "p-" + run));
        GiftOrder order = order(alice, bob, "heart", 2);
        await(store.send(order));
        await(store.send(order));
        failure(store.send(order(alice, bob, "rocket", 1)));
        watcher.await(1, Duration.ofSeconds(5));
        assertEquals(1, registry.get("livestage.gifts.sent").counter().count());
        assertEquals(10, registry.get("livestage.gifts.coins.moved").counter().count());
        assertEquals(1, registry.get("livestage.gifts.refused").counter().count());
        assertEquals(1, registry.get("livestage.gifts.send.latency").timer().count());
        assertEquals(1, registry.get("livestage.gifts.delivery.latency").timer().count());
        assertEquals(1, registry.get("livestage.gifts.feed.events.delivered").counter().count());
        assertTrue(registry.get("livestage.gifts.feed.events.read").counter().count() >= 1);
        assertEquals(0, registry.get("livestage.gifts.feed.events.behind").gauge().value());
    }

    @Test
    void clearRoomDropsLeaderboardAndCombos() throws InterruptedException {
        await(store.credit(alice, 1000, "p-" + run));
        await(store.send(order(alice, bob, "rose", 2)));
        assertEquals(1, await(store.leaderboard(room, 10)).size());
        store.clearRoom(room);
        Thread.sleep(100);
        assertTrue(await(store.leaderboard(room, 10)).isEmpty());
        assertEquals(1, await(store.send(order(alice, bob, "rose", 1))).combo());
        assertEquals(new Wallet(997, 0), await(store.wallet(alice)), "wallets outlive the show");
    }

    @Test
    void concurrentSendsFromOneWalletNeverOverdrawItAndTheLedgerAddsUp() throws Exception {
        await(store.credit(alice, 1000, "p-" + run));
        int threads = 16;
        int sendsEach = 200;
        List<GiftReceipt> receipts = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < sendsEach; i++) {
                        String recipient = (thread + i) % 2 == 0 ? bob : carol;
                        try {
                            receipts.add(await(store.send(order(alice, recipient, i % 3 == 0 ? "heart" : "rose", 1))));
                        } catch (GiftException e) {
                            assertEquals(Reason.INSUFFICIENT_FUNDS, e.reason());
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> sender : senders) {
                sender.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long spent = receipts.stream().mapToLong(GiftReceipt::amount).sum();
        Wallet wallet = await(store.wallet(alice));
        assertEquals(threads * sendsEach, receipts.size() + refused.get());
        assertTrue(refused.get() > 0, "the wallet ran dry");
        assertTrue(wallet.balance() >= 0);
        assertEquals(1000 - spent, wallet.balance());
        assertEquals(spent, await(store.wallet(bob)).earnings() + await(store.wallet(carol)).earnings());
        List<LedgerEntry> gifts = ledgerOf(LedgerEntry.GIFT, alice);
        assertEquals(receipts.size(), gifts.size());
        assertEquals(spent, gifts.stream().mapToLong(LedgerEntry::amount).sum());
        assertEquals(1000, ledgerOf(LedgerEntry.CREDIT, alice).stream().mapToLong(LedgerEntry::amount).sum());
        assertEquals(receipts.stream().map(GiftReceipt::txId).sorted().toList(),
                gifts.stream().map(LedgerEntry::txId).sorted().toList());
        assertDistinct(gifts.stream().map(LedgerEntry::txId).toList());
    }

    private CallMinute minute(String callId, int minute, long rate) {
        return new CallMinute(callId, "rc-" + run, alice, bob, minute, rate);
    }

    @Test
    void callMinutesMoveCoinsFromCallerToConsultantOncePerMinute() {
        await(store.credit(alice, 100, "p-call-" + run));
        String callId = "call-" + run;
        MinuteCharge first = await(store.chargeCallMinute(minute(callId, 0, 30)));
        MinuteCharge second = await(store.chargeCallMinute(minute(callId, 1, 30)));
        assertEquals(70, first.balance());
        assertEquals(30, first.charged());
        assertEquals(40, second.balance());
        assertEquals(60, second.charged());
        assertFalse(second.replay());

        MinuteCharge retried = await(store.chargeCallMinute(minute(callId, 1, 30)));
        assertTrue(retried.replay());
        assertEquals(second.txId(), retried.txId());
        assertEquals(40, retried.balance());
        assertEquals(60, retried.charged());
        assertEquals(new Wallet(40, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 60), await(store.wallet(bob)));

        List<LedgerEntry> minutes = ledger().stream().filter(e -> e.kind().equals(LedgerEntry.CALL_MINUTE)
                && e.callId().equals(callId)).toList();
        assertEquals(List.of(0, 1), minutes.stream().map(LedgerEntry::minute).toList());
        assertEquals(List.of(first.txId(), second.txId()), minutes.stream().map(LedgerEntry::txId).toList());
        LedgerEntry entry = minutes.get(0);
        assertEquals(alice, entry.from());
        assertEquals(bob, entry.to());
        assertEquals("rc-" + run, entry.roomId());
        assertEquals(30, entry.amount());
        assertEquals(1, entry.count());
    }

    @Test
    void aMinuteTheBalanceCannotPayChangesNothing() {
        await(store.credit(alice, 50, "p-call-" + run));
        String callId = "call-" + run;
        await(store.chargeCallMinute(minute(callId, 0, 30)));
        int ledgerSize = ledger().size();
        assertEquals(Reason.INSUFFICIENT_FUNDS, failure(store.chargeCallMinute(minute(callId, 1, 30))));
        assertEquals(new Wallet(20, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 30), await(store.wallet(bob)));
        assertEquals(ledgerSize, ledger().size());
        // Topped up, the same minute can still be charged, once.
        await(store.credit(alice, 10, "p-call2-" + run));
        assertEquals(30 + 30, await(store.chargeCallMinute(minute(callId, 1, 30))).charged());
        assertEquals(new Wallet(0, 0), new Wallet(await(store.wallet(alice)).balance(), 0));
    }

    @Test
    void callMinutesAreChargedInOrderByTheirOwnParties() {
        await(store.credit(alice, 100, "p-call-" + run));
        String callId = "call-" + run;
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(minute(callId, 1, 10))));
        await(store.chargeCallMinute(minute(callId, 0, 10)));
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(minute(callId, 2, 10))));
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(
                new CallMinute(callId, "rc-" + run, carol, bob, 1, 10))));
        assertEquals(Reason.BAD_REQUEST, failure(store.chargeCallMinute(new CallMinute(callId, "rc", alice, alice, 1, 10))));
        assertEquals(Reason.BAD_REQUEST, failure(store.chargeCallMinute(minute(callId, 1, 0))));
        assertEquals(Reason.BAD_REQUEST, failure(store.chargeCallMinute(minute(callId, -1, 10))));
        assertEquals(Reason.BAD_REQUEST, failure(store.chargeCallMinute(minute("", 1, 10))));
        assertEquals(new Wallet(90, 0), await(store.wallet(alice)));
    }

    @Test
    void aMinuteChargedAgainOnOtherTermsIsAConflictAndChangesNothing() {
        await(store.credit(alice, 100, "p-call-" + run));
        String callId = "call-" + run;
        MinuteCharge first = await(store.chargeCallMinute(minute(callId, 0, 30)));
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(minute(callId, 0, 40))), "another rate");
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(
                new CallMinute(callId, "elsewhere-" + run, alice, bob, 0, 30))), "another room");
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(
                new CallMinute(callId, "rc-" + run, carol, bob, 0, 30))), "another caller");
        assertEquals(Reason.CONFLICT, failure(store.chargeCallMinute(minute(callId, 1, 40))),
                "a call keeps its rate from minute to minute");
        MinuteCharge replay = await(store.chargeCallMinute(minute(callId, 0, 30)));
        assertEquals(new MinuteCharge(first.txId(), 70, 30, true), replay);
        assertEquals(new Wallet(70, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 30), await(store.wallet(bob)));
        assertEquals(1, ledger().stream().filter(e -> callId.equals(e.callId())).count());
    }

    @Test
    void aFirstMinuteRefusedForWantOfFundsLeavesNoTraceOfTheCall() {
        await(store.credit(alice, 100, "p-call-" + run));
        String callId = "call-" + run;
        assertEquals(Reason.INSUFFICIENT_FUNDS, failure(store.chargeCallMinute(
                new CallMinute(callId, "rc-" + run, carol, bob, 0, 30))));
        // The refused charge claimed nothing, so the call id is still free for whoever charges it first.
        assertEquals(30, await(store.chargeCallMinute(minute(callId, 0, 30))).charged());
        assertEquals(new Wallet(70, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(carol)));
    }

    @Test
    void concurrentCallsNeverOverdrawTheCaller() throws Exception {
        await(store.credit(alice, 1000, "p-calls-" + run));
        int calls = 8;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<MinuteCharge> charges = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                String callId = "call-" + c + "-" + run;
                running.add(pool.submit(() -> {
                    for (int m = 0; m < 10; m++) {
                        if (failure(store.chargeCallMinute(minute(callId, m, 17))) != null) {
                            refused.incrementAndGet();
                            return;
                        }
                        charges.add(await(store.chargeCallMinute(minute(callId, m, 17))));
                    }
                }));
            }
            for (Future<?> call : running) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long moved = 17L * charges.size();
        assertTrue(refused.get() > 0, "the wallet ran dry");
        assertEquals(1000 / 17, charges.size());
        assertEquals(1000 - moved, await(store.wallet(alice)).balance());
        assertEquals(moved, await(store.wallet(bob)).earnings());
        assertEquals(moved, ledger().stream().filter(e -> e.kind().equals(LedgerEntry.CALL_MINUTE) && e.from().equals(alice))
                .mapToLong(LedgerEntry::amount).sum());
        assertTrue(charges.stream().allMatch(MinuteCharge::replay), "each minute is read back as a replay");
    }

    protected List<LedgerEntry> ledgerOf(String kind, String user) {
        return ledger().stream().filter(e -> e.kind().equals(kind))
                .filter(e -> (kind.equals(LedgerEntry.GIFT) ? e.from() : e.to()).equals(user)).toList();
    }

    protected static List<String> txIds(List<GiftEvent> events) {
        return events.stream().map(GiftEvent::txId).toList();
    }

    protected static void assertDistinct(List<String> ids) {
        assertEquals(ids.size(), ids.stream().distinct().count(), "duplicates in " + ids);
    }
}
