package io.livestage.gifts;

import static io.livestage.gifts.Gifts.await;
import static io.livestage.gifts.Gifts.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.GiftException.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reversals (refunds) and erasure, alike in memory and on Redis; subclasses open the bridge and read its ledger. */
public abstract class RefundErasureContract {
    protected GiftBridge bridge;
    protected GiftStore store;
    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    protected final String alice = "alice-" + run;
    protected final String bob = "bob-" + run;
    protected final String room = "room-" + run;

    protected abstract GiftBridge open(MeterRegistry registry);

    /** Every ledger entry, oldest first. */
    protected abstract List<LedgerEntry> ledger();

    /** The ledger id of the transaction's entry, as the platform reads it from the ledger. */
    protected abstract String ledgerIdOf(String txId);

    @BeforeEach
    void openBridge() {
        bridge = open(new SimpleMeterRegistry());
        store = bridge.store();
    }

    @AfterEach
    void closeBridge() {
        bridge.close();
    }

    private GiftReceipt gift(String key, String giftId, int count) {
        return await(store.send(new GiftOrder(room, alice, "Alice", bob, giftId, count, key)));
    }

    /** This test's reversals of the transaction (tests on Redis share one ledger). */
    protected List<LedgerEntry> reversalsOf(String txId) {
        return ledger().stream().filter(e -> e.kind().equals(LedgerEntry.REVERSAL) && e.reverses().equals(txId)).toList();
    }

    @Test
    void aReversedGiftGivesTheCoinsBackOnceAsANewLedgerEntry() {
        await(store.credit(alice, 300, "p-" + run));
        GiftReceipt sent = gift("k1", "rocket", 2);
        String entry = ledgerIdOf(sent.txId());
        assertNotNull(entry);

        ReversalReceipt reversed = await(store.reverse(new Reversal("r1-" + run, entry, sent.txId())));
        assertFalse(reversed.replay());
        assertEquals(sent.txId(), reversed.reversedTxId());
        assertEquals(LedgerEntry.GIFT, reversed.kind());
        assertEquals(alice, reversed.payerId());
        assertEquals(bob, reversed.recipientId());
        assertEquals(200, reversed.amount());
        assertEquals(300, reversed.payerBalance());
        assertEquals(0, reversed.recipientEarnings());
        assertEquals(new Wallet(300, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(bob)));

        List<LedgerEntry> reversals = reversalsOf(sent.txId());
        assertEquals(1, reversals.size());
        LedgerEntry back = reversals.get(0);
        assertEquals(reversed.txId(), back.txId());
        assertEquals(sent.txId(), back.reverses());
        assertEquals(bob, back.from());
        assertEquals(alice, back.to());
        assertEquals(200, back.amount());
        assertEquals(room, back.roomId());
        assertEquals("rocket", back.giftId());
        assertTrue(ledger().stream().anyMatch(e -> e.txId().equals(sent.txId())), "the gift's own entry stays");

        ReversalReceipt again = await(store.reverse(new Reversal("r1-" + run, entry, sent.txId())));
        assertTrue(again.replay());
        assertEquals(reversed.txId(), again.txId());
        assertEquals(300, again.payerBalance());
        assertEquals(Reason.CONFLICT, failure(store.reverse(new Reversal("r2-" + run, entry, sent.txId()))),
                "an entry is reversed once, whatever the reversal id");
        assertEquals(new Wallet(300, 0), await(store.wallet(alice)));
        assertEquals(1, reversalsOf(sent.txId()).size());
    }

    @Test
    void aReversalIdReusedForAnotherEntryIsAConflict() {
        await(store.credit(alice, 10, "p-" + run));
        GiftReceipt first = gift("k1", "heart", 1);
        GiftReceipt second = gift("k2", "heart", 1);
        await(store.reverse(new Reversal("r-" + run, ledgerIdOf(first.txId()), first.txId())));
        assertEquals(Reason.CONFLICT, failure(store.reverse(new Reversal("r-" + run, ledgerIdOf(second.txId()),
                second.txId()))));
        assertEquals(new Wallet(5, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 5), await(store.wallet(bob)));
    }

    @Test
    void aCallMinuteIsReversedToTheCaller() {
        await(store.credit(alice, 100, "p-" + run));
        MinuteCharge charged = await(store.chargeCallMinute(new CallMinute("call-" + run, "rc-" + run, alice, bob, 0, 30)));
        ReversalReceipt reversed = await(store.reverse(new Reversal("r-" + run, ledgerIdOf(charged.txId()),
                charged.txId())));
        assertEquals(LedgerEntry.CALL_MINUTE, reversed.kind());
        assertEquals(30, reversed.amount());
        assertEquals(new Wallet(100, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 0), await(store.wallet(bob)));
        LedgerEntry back = reversalsOf(charged.txId()).get(0);
        assertEquals("call-" + run, back.callId());
        assertEquals(0, back.minute());
        assertEquals(charged.txId(), back.reverses());
    }

    @Test
    void refusalsChangeNothing() {
        await(store.credit(alice, 50, "p-" + run));
        GiftReceipt sent = gift("k1", "heart", 2);
        String entry = ledgerIdOf(sent.txId());
        String credit = ledger().stream().filter(e -> e.kind().equals(LedgerEntry.CREDIT) && e.to().equals(alice))
                .findFirst().map(e -> ledgerIdOf(e.txId())).orElseThrow();
        int entries = ledger().size();

        assertEquals(Reason.NOT_FOUND, failure(store.reverse(new Reversal("r1-" + run, "1-0", sent.txId()))));
        assertEquals(Reason.NOT_FOUND, failure(store.reverse(new Reversal("r2-" + run, entry, "another-tx"))),
                "the ledger id and the txId must name the same entry");
        assertEquals(Reason.BAD_REQUEST, failure(store.reverse(new Reversal("r3-" + run, credit,
                ledger().stream().filter(e -> e.kind().equals(LedgerEntry.CREDIT) && e.to().equals(alice))
                        .findFirst().orElseThrow().txId()))), "purchases are not reversed here");
        assertEquals(Reason.BAD_REQUEST, failure(store.reverse(new Reversal("r4-" + run, "not-an-id", sent.txId()))));
        assertEquals(Reason.BAD_REQUEST, failure(store.reverse(new Reversal("", entry, sent.txId()))));

        assertEquals(entries, ledger().size());
        assertEquals(new Wallet(40, 0), await(store.wallet(alice)));
        assertEquals(new Wallet(0, 10), await(store.wallet(bob)));
        // None of the refused ids was spent: the first good one goes through.
        assertEquals(10, await(store.reverse(new Reversal("r1-" + run, entry, sent.txId()))).amount());
    }

    /**
     * Random gifts, call minutes and reversals (ids reused on purpose, so replays and conflicts happen):
     * coins are conserved, no wallet goes negative, and every wallet is what the ledger says it is.
     */
    @Test
    void coinsAreConservedThroughRandomGiftsMinutesAndReversals() {
        Random random = new Random(16);
        List<String> users = List.of("u0-" + run, "u1-" + run, "u2-" + run, "u3-" + run);
        for (String user : users) {
            await(store.credit(user, 200, "p-" + user));
        }
        List<String> reversible = new ArrayList<>();
        int[] minutes = new int[users.size()];
        for (int step = 0; step < 80; step++) {
            int choice = random.nextInt(10);
            String from = users.get(random.nextInt(users.size()));
            String to = users.get(random.nextInt(users.size()));
            Reason refused;
            if (choice < 4) {
                String giftId = random.nextBoolean() ? "heart" : "rocket";
                CompletionStage<GiftReceipt> sent = store.send(new GiftOrder(room, from, from, to, giftId, 1, "k" + step));
                refused = failure(sent);
                if (refused == null) {
                    reversible.add(await(sent).txId());
                }
            } else if (choice < 7) {
                int caller = users.indexOf(from);
                String consultant = users.get((caller + 1) % users.size());
                CompletionStage<MinuteCharge> charged = store.chargeCallMinute(new CallMinute("call-" + caller + "-" + run,
                        room, from, consultant, minutes[caller], 17));
                refused = failure(charged);
                if (refused == null) {
                    minutes[caller]++;
                    reversible.add(await(charged).txId());
                }
            } else if (reversible.isEmpty()) {
                continue;
            } else {
                String txId = reversible.get(random.nextInt(reversible.size()));
                refused = failure(store.reverse(new Reversal("r" + random.nextInt(12) + "-" + run, ledgerIdOf(txId), txId)));
            }
            assertTrue(refused == null || refused == Reason.INSUFFICIENT_FUNDS || refused == Reason.CONFLICT
                    || refused == Reason.SELF_GIFT, "refused as " + refused);
        }
        long total = 0;
        List<LedgerEntry> mine = ledger().stream().filter(e -> users.contains(e.to()) || users.contains(e.from())).toList();
        assertTrue(mine.stream().anyMatch(e -> e.kind().equals(LedgerEntry.REVERSAL)), "some reversals went through");
        for (String user : users) {
            Wallet wallet = await(store.wallet(user));
            assertTrue(wallet.balance() >= 0 && wallet.earnings() >= 0, user + " " + wallet);
            long balance = 0;
            long earnings = 0;
            for (LedgerEntry entry : mine) {
                boolean spends = entry.kind().equals(LedgerEntry.GIFT) || entry.kind().equals(LedgerEntry.CALL_MINUTE);
                if (entry.to().equals(user)) {
                    if (spends) {
                        earnings += entry.amount();
                    } else {
                        balance += entry.amount();
                    }
                }
                if (entry.from().equals(user)) {
                    if (spends) {
                        balance -= entry.amount();
                    } else {
                        earnings -= entry.amount();
                    }
                }
            }
            assertEquals(new Wallet(balance, earnings), wallet, user + " as the ledger says");
            total += wallet.balance() + wallet.earnings();
        }
        assertEquals(200L * users.size(), total, "coins are conserved");
    }

    @Test
    void erasureRemovesIdempotencyRecordsAndBoardPlacesButKeepsTheLedgerAndWallets() {
        await(store.credit(alice, 100, "p-" + run));
        GiftReceipt sent = gift("k1", "heart", 1);
        await(store.chargeCallMinute(new CallMinute("call-" + run, "rc-" + run, alice, bob, 0, 10)));
        await(store.reverse(new Reversal("r-" + run, ledgerIdOf(sent.txId()), sent.txId())));
        await(store.credit(bob, 10, "pb-" + run));
        await(store.send(new GiftOrder(room, bob, "Bob", alice, "rose", 1, "kb")));
        List<LedgerEntry> ledgerBefore = ledger();
        Wallet aliceBefore = await(store.wallet(alice));
        Wallet bobBefore = await(store.wallet(bob));
        assertTrue(await(store.leaderboard(room, 10)).stream().anyMatch(g -> g.userId().equals(alice)));

        Erasure erased = await(store.erase(alice));
        // The gift key, the purchase, the call's billing and the reversal record.
        assertEquals(4, erased.idempotencyRecords());
        assertEquals(1, erased.leaderboardEntries());

        assertEquals(ledgerBefore, ledger(), "the ledger stays whole");
        assertEquals(aliceBefore, await(store.wallet(alice)));
        assertEquals(bobBefore, await(store.wallet(bob)));
        List<TopGifter> board = await(store.leaderboard(room, 10));
        assertFalse(board.stream().anyMatch(g -> g.userId().equals(alice)));
        assertTrue(board.stream().anyMatch(g -> g.userId().equals(bob)), "other users' places stay");
        Erasure again = await(store.erase(alice));
        assertEquals(0, again.idempotencyRecords() + again.leaderboardEntries() + again.giftEvents());
        // The purchase record is gone: the same purchase id credits again (the platform erased the user knowingly).
        assertEquals(aliceBefore.balance() + 100, await(store.credit(alice, 100, "p-" + run)));
        // Bob's own gift key stays: sending it again is a replay.
        assertTrue(await(store.send(new GiftOrder(room, bob, "Bob", alice, "rose", 1, "kb"))).replay());

        assertNotEquals(Reason.BAD_REQUEST, failure(store.erase("nobody-" + run)));
        assertEquals(Reason.BAD_REQUEST, failure(store.erase("")));
    }
}
