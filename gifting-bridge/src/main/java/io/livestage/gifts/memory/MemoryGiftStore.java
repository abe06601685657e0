package io.livestage.gifts.memory;

import io.livestage.gifts.CallMinute;
import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftEvent;
import io.livestage.gifts.Erasure;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftMetrics;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.GiftReceipt;
import io.livestage.gifts.GiftSettings;
import io.livestage.gifts.GiftStore;
import io.livestage.gifts.LedgerEntry;
import io.livestage.gifts.MinuteCharge;
import io.livestage.gifts.OrderRules;
import io.livestage.gifts.Reversal;
import io.livestage.gifts.ReversalReceipt;
import io.livestage.gifts.TopGifter;
import io.livestage.gifts.Wallet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The single-node store for dev and tests: the same rules as the Redis store, made atomic by one lock.
 * Operations are quick map updates, so holding the lock on an event loop is harmless.
 */
public final class MemoryGiftStore implements GiftStore {
    static final long IDEMPOTENCY_TTL_MS = Duration.ofHours(24).toMillis();
    /** Bounds dev memory; nobody settles from the in-memory ledger. */
    static final int LEDGER_LIMIT = 100_000;
    static final int CALLS_LIMIT = 10_000;

    private record IdempotencyKey(String senderId, String key) {
    }

    /** The first receipt of a key and what was bought with it, so a retry on other terms is told apart. */
    private record Remembered(GiftReceipt receipt, String roomId, String recipientId, String giftId, int count,
                              long expiresAt) {
        boolean sameTerms(GiftOrder order) {
            return roomId.equals(order.roomId()) && recipientId.equals(order.recipientId())
                    && giftId.equals(order.giftId()) && count == order.count();
        }
    }

    private record ReversalRecord(String ledgerId, ReversalReceipt receipt) {
    }

    /** A credited purchase: who got how many coins, and their balance right after. */
    private record Purchase(String userId, long coins, long balance) {
    }

    private final OrderRules rules;
    private final GiftSettings settings;
    private final GiftMetrics metrics;
    private final MemoryGiftFeed feed;
    /** Per user {balance, earnings}, mutated in place under the lock. */
    private final Map<String, long[]> wallets = new HashMap<>();
    // Insertion order is commit order, so expired receipts are always at the head.
    private final LinkedHashMap<IdempotencyKey, Remembered> receipts = new LinkedHashMap<>();
    private final Map<String, Purchase> purchases = new HashMap<>();
    private final Map<String, ComboTracker> combos = new HashMap<>();
    private final Map<String, Map<String, TopGifter>> boards = new HashMap<>();
    /** By ledger id ({@code <ms>-<seq>}, as Redis stream ids), in commit order; the oldest go past the limit. */
    private final LinkedHashMap<String, LedgerEntry> ledger = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LedgerEntry> eldest) {
            return size() > LEDGER_LIMIT;
        }
    };
    private long lastLedgerMs;
    private long ledgerSequence;
    /** Reversal id → its first receipt and the entry it reversed; ledger id → the reversal that reversed it. */
    private final Map<String, ReversalRecord> reversals = new HashMap<>();
    private final Map<String, String> reversed = new HashMap<>();
    /** Billing of recent calls, oldest first; bounded like the ledger (Redis expires them after a day). */
    private final Map<String, CallAccount> calls = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CallAccount> eldest) {
            return size() > CALLS_LIMIT;
        }
    };

    public MemoryGiftStore(GiftCatalog catalog, GiftSettings settings, GiftMetrics metrics, MemoryGiftFeed feed) {
        this.rules = new OrderRules(catalog, settings);
        this.settings = settings;
        this.metrics = metrics;
        this.feed = feed;
    }

    @Override
    public CompletionStage<GiftReceipt> send(GiftOrder order) {
        long started = System.nanoTime();
        try {
            GiftReceipt receipt = commit(order);
            if (!receipt.replay()) {
                metrics.sent(receipt.amount(), System.nanoTime() - started);
            }
            return CompletableFuture.completedFuture(receipt);
        } catch (GiftException e) {
            metrics.refused();
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized GiftReceipt commit(GiftOrder order) {
        GiftDefinition gift = rules.check(order);
        long amount = OrderRules.amount(gift, order);
        long now = System.currentTimeMillis();
        forgetExpiredReceipts(now);
        IdempotencyKey idempotency = new IdempotencyKey(order.senderId(), order.key());
        Remembered seen = receipts.get(idempotency);
        if (seen != null) {
            if (!seen.sameTerms(order)) {
                throw new GiftException(Reason.CONFLICT, "key was already used for another gift");
            }
            GiftReceipt first = seen.receipt();
            return new GiftReceipt(first.txId(), first.balance(), first.combo(), first.amount(), first.ts(), true);
        }
        long[] sender = account(order.senderId());
        if (sender[0] < amount) {
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "balance " + sender[0] + " < " + amount);
        }
        sender[0] -= amount;
        account(order.recipientId())[1] += amount;
        int combo = combos.computeIfAbsent(order.roomId(), r -> new ComboTracker())
                .add(order.senderId(), order.giftId(), order.count(), now, settings.comboWindowMs());
        boards.computeIfAbsent(order.roomId(), r -> new HashMap<>()).merge(order.senderId(),
                new TopGifter(order.senderId(), order.senderName(), amount),
                (old, added) -> new TopGifter(old.userId(), added.name(), old.amount() + added.amount()));
        String txId = UUID.randomUUID().toString();
        record(LedgerEntry.of(txId, LedgerEntry.GIFT, order.senderId(), order.recipientId(), order.roomId(),
                order.giftId(), order.count(), amount, now));
        GiftReceipt receipt = new GiftReceipt(txId, sender[0], combo, amount, now, false);
        receipts.put(idempotency, new Remembered(receipt, order.roomId(), order.recipientId(), order.giftId(),
                order.count(), now + IDEMPOTENCY_TTL_MS));
        // Published under the lock so the feed's queue is in commit order.
        feed.publish(new GiftEvent(order.roomId(), txId, order.senderId(), order.senderName(), order.recipientId(),
                order.giftId(), order.count(), combo, amount, now));
        return receipt;
    }

    @Override
    public synchronized CompletionStage<Wallet> wallet(String userId) {
        try {
            OrderRules.id("userId", userId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        long[] account = wallets.get(userId);
        return CompletableFuture.completedFuture(account == null ? new Wallet(0, 0) : new Wallet(account[0], account[1]));
    }

    @Override
    public synchronized CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
        try {
            OrderRules.checkCredit(userId, coins, purchaseId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        Purchase first = purchases.get(purchaseId);
        if (first != null) {
            if (!first.userId().equals(userId) || first.coins() != coins) {
                return CompletableFuture.failedFuture(new GiftException(Reason.CONFLICT,
                        "purchase " + purchaseId + " was already credited with other terms"));
            }
            return CompletableFuture.completedFuture(first.balance());
        }
        long[] account = account(userId);
        account[0] += coins;
        purchases.put(purchaseId, new Purchase(userId, coins, account[0]));
        record(LedgerEntry.of(UUID.randomUUID().toString(), LedgerEntry.CREDIT, "", userId, "", "", 0, coins,
                System.currentTimeMillis()));
        return CompletableFuture.completedFuture(account[0]);
    }

    @Override
    public synchronized CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
        try {
            minute.check();
            return CompletableFuture.completedFuture(charge(minute));
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checks everything before changing anything, like the Redis script: a refused charge leaves no trace. */
    private MinuteCharge charge(CallMinute minute) {
        CallAccount call = calls.get(minute.callId());
        if (call != null) {
            call.checkTerms(minute);
            MinuteCharge first = call.charged(minute.minute());
            if (first != null) {
                return new MinuteCharge(first.txId(), first.balance(), first.charged(), true);
            }
        }
        int next = call == null ? 0 : call.nextMinute();
        if (minute.minute() != next) {
            throw new GiftException(Reason.CONFLICT, "minute " + minute.minute() + " is out of order: the next is " + next);
        }
        long[] caller = account(minute.callerId());
        if (caller[0] < minute.rate()) {
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "balance " + caller[0] + " cannot pay the next minute");
        }
        if (call == null) {
            call = new CallAccount(minute);
            calls.put(minute.callId(), call);
        }
        caller[0] -= minute.rate();
        account(minute.consultantId())[1] += minute.rate();
        String txId = UUID.randomUUID().toString();
        record(new LedgerEntry(txId, LedgerEntry.CALL_MINUTE, minute.callerId(), minute.consultantId(), minute.roomId(),
                "", 1, minute.rate(), System.currentTimeMillis(), minute.callId(), minute.minute()));
        return call.add(txId, caller[0], minute.rate());
    }

    @Override
    public synchronized CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
        try {
            reversal.check();
            return CompletableFuture.completedFuture(reverseNow(reversal));
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checks everything before changing anything, like reverse.lua. */
    private ReversalReceipt reverseNow(Reversal reversal) {
        ReversalRecord first = reversals.get(reversal.reversalId());
        if (first != null) {
            if (!first.ledgerId().equals(reversal.ledgerId()) || !first.receipt().reversedTxId().equals(reversal.txId())) {
                throw new GiftException(Reason.CONFLICT, "reversal " + reversal.reversalId()
                        + " was already used for another ledger entry");
            }
            return first.receipt().asReplay();
        }
        LedgerEntry entry = ledger.get(reversal.ledgerId());
        if (entry == null || !entry.txId().equals(reversal.txId())) {
            throw new GiftException(Reason.NOT_FOUND, "no ledger entry " + reversal.ledgerId() + " of transaction "
                    + reversal.txId());
        }
        if (!entry.kind().equals(LedgerEntry.GIFT) && !entry.kind().equals(LedgerEntry.CALL_MINUTE)) {
            throw new GiftException(Reason.BAD_REQUEST, "only gifts and call minutes are reversed; "
                    + reversal.ledgerId() + " is a " + entry.kind());
        }
        String by = reversed.get(reversal.ledgerId());
        if (by != null) {
            throw new GiftException(Reason.CONFLICT, "ledger entry " + reversal.ledgerId() + " was already reversed by "
                    + by);
        }
        long[] recipient = account(entry.to());
        if (recipient[1] < entry.amount()) {
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "the recipient's earnings " + recipient[1]
                    + " cannot give back " + entry.amount());
        }
        long[] payer = account(entry.from());
        recipient[1] -= entry.amount();
        payer[0] += entry.amount();
        String txId = UUID.randomUUID().toString();
        record(new LedgerEntry(txId, LedgerEntry.REVERSAL, entry.to(), entry.from(), entry.roomId(), entry.giftId(),
                entry.count(), entry.amount(), System.currentTimeMillis(), entry.callId(), entry.minute(), entry.txId()));
        ReversalReceipt receipt = new ReversalReceipt(txId, entry.txId(), entry.kind(), entry.from(), entry.to(),
                entry.amount(), payer[0], recipient[1], false);
        reversals.put(reversal.reversalId(), new ReversalRecord(reversal.ledgerId(), receipt));
        reversed.put(reversal.ledgerId(), reversal.reversalId());
        return receipt;
    }

    @Override
    public synchronized CompletionStage<Erasure> erase(String userId) {
        try {
            OrderRules.id("userId", userId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        long records = 0;
        records += removeIf(receipts.keySet(), key -> key.senderId().equals(userId));
        records += removeIf(purchases.values(), purchase -> purchase.userId().equals(userId));
        records += removeIf(calls.values(), call -> call.involves(userId));
        records += removeIf(reversals.values(), record -> record.receipt().payerId().equals(userId)
                || record.receipt().recipientId().equals(userId));
        long places = 0;
        for (Map<String, TopGifter> board : boards.values()) {
            places += board.remove(userId) == null ? 0 : 1;
        }
        for (ComboTracker room : combos.values()) {
            room.forget(userId);
        }
        // Gift events are not kept here: the feed hands each to the watchers and forgets it.
        return CompletableFuture.completedFuture(new Erasure(records, places, 0));
    }

    private static <T> long removeIf(Collection<T> items, Predicate<T> erased) {
        long removed = 0;
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            if (erased.test(it.next())) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    @Override
    public synchronized CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
        Map<String, TopGifter> board = boards.getOrDefault(roomId, Map.of());
        // Same order as Redis ZREVRANGE: coins descending, then user id descending.
        List<TopGifter> sorted = board.values().stream()
                .sorted(Comparator.comparingLong(TopGifter::amount).thenComparing(TopGifter::userId).reversed())
                .limit(Math.max(0, top))
                .toList();
        return CompletableFuture.completedFuture(sorted);
    }

    @Override
    public synchronized void clearRoom(String roomId) {
        combos.remove(roomId);
        boards.remove(roomId);
    }

    /** Settlement entries, oldest first (the last {@value #LEDGER_LIMIT}). */
    public synchronized List<LedgerEntry> ledger() {
        return new ArrayList<>(ledger.values());
    }

    /** The ledger id of the transaction's entry, or null: what the platform names in a reversal. */
    public synchronized String ledgerIdOf(String txId) {
        for (Map.Entry<String, LedgerEntry> entry : ledger.entrySet()) {
            if (entry.getValue().txId().equals(txId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    @Override
    public void close() {
        // Nothing to release: the bridge closes the feed it shares with this store.
    }

    private long[] account(String userId) {
        return wallets.computeIfAbsent(userId, u -> new long[2]);
    }

    /** Appends under an id that grows like a Redis stream's: the time, or the last one's with the next sequence. */
    private void record(LedgerEntry entry) {
        long now = System.currentTimeMillis();
        if (now > lastLedgerMs) {
            lastLedgerMs = now;
            ledgerSequence = 0;
        } else {
            ledgerSequence++;
        }
        ledger.put(lastLedgerMs + "-" + ledgerSequence, entry);
    }

    private void forgetExpiredReceipts(long now) {
        Iterator<Remembered> oldestFirst = receipts.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().expiresAt() <= now) {
            oldestFirst.remove();
        }
    }
}
