package io.livestage.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Money properties of a gift store under random sequences of credits, gifts and call minutes, some
 * of them retries (the same purchase id, idempotency key or call minute) and some refused (no
 * funds, a gift to oneself, a minute out of order). Each try uses users and calls of its own.
 *
 * <ul>
 * <li>{@link #sequential}: one operation at a time against a model of the wallets: every outcome
 *     and balance is the model's, a retry returns the first result and changes nothing;</li>
 * <li>{@link #interleaved}: batches of operations in flight together (on Redis they interleave in
 *     the server): no balance goes negative, coins are conserved, the ledger adds up to the wallets,
 *     and retrying every operation afterwards changes nothing.</li>
 * </ul>
 * Subclasses run both against one store: in memory, or on the real Redis.
 */
public abstract class GiftStoreProperties {
    /** Generous: a Redis command on a busy shared machine must not turn into UNAVAILABLE here. */
    protected static final GiftSettings SETTINGS = new GiftSettings(400, 99, Duration.ofSeconds(10));
    private static final int USERS = 4;
    /** Each call: caller, consultant, coins per minute. */
    private static final int[][] CALLS = {{0, 1, 7}, {2, 1, 13}, {3, 0, 40}};

    protected abstract GiftStore store();

    /** The store's ledger entries, oldest first. */
    protected abstract List<LedgerEntry> ledger();

    public sealed interface Op permits Credit, Gift, Minute {
    }

    public record Credit(int user, long coins, int purchase) implements Op {
    }

    public record Gift(int sender, int recipient, int gift, int count, int key) implements Op {
    }

    /** kind 0: the call's next minute, 1: a retry of its last charged minute, 2: a minute skipped ahead. */
    public record Minute(int call, int kind) implements Op {
    }

    @Provide
    protected Arbitrary<List<Op>> operations() {
        Arbitrary<Op> credit = Combinators.combine(Arbitraries.integers().between(0, USERS - 1),
                Arbitraries.longs().between(1, 300), Arbitraries.integers().between(0, 5)).as(Credit::new);
        Arbitrary<Op> gift = Combinators.combine(Arbitraries.integers().between(0, USERS - 1),
                Arbitraries.integers().between(0, USERS - 1), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 5)).as(Gift::new);
        Arbitrary<Op> minute = Combinators.combine(Arbitraries.integers().between(0, CALLS.length - 1),
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2))).as(Minute::new);
        return Arbitraries.frequencyOf(Tuple.of(3, credit), Tuple.of(5, gift), Tuple.of(3, minute))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    protected void sequential(@ForAll("operations") List<Op> operations) {
        Run run = new Run();
        for (Op op : operations) {
            run.apply(op);
            run.assertWalletsMatchModel();
        }
        run.assertLedgerAddsUp();
        for (Op op : operations) {
            run.retry(op);
        }
        run.assertWalletsMatchModel();
        run.assertLedgerAddsUp();
    }

    protected void interleaved(@ForAll("operations") List<Op> operations, @ForAll("batchSizes") int batch) {
        Run run = new Run();
        for (int start = 0; start < operations.size(); start += batch) {
            List<CompletionStage<?>> inFlight = new ArrayList<>();
            for (Op op : operations.subList(start, Math.min(operations.size(), start + batch))) {
                inFlight.add(run.issue(op));
            }
            for (CompletionStage<?> stage : inFlight) {
                GiftException.Reason reason = Gifts.failure(stage);
                assertTrue(reason == null || reason == GiftException.Reason.INSUFFICIENT_FUNDS
                        || reason == GiftException.Reason.SELF_GIFT || reason == GiftException.Reason.CONFLICT,
                        "refused as " + reason);
            }
        }
        Map<String, Wallet> before = run.wallets();
        before.values().forEach(w -> assertTrue(w.balance() >= 0 && w.earnings() >= 0, "negative wallet " + w));
        List<LedgerEntry> ledgerBefore = run.ledger();
        long credited = ledgerBefore.stream().filter(e -> e.kind().equals(LedgerEntry.CREDIT))
                .mapToLong(LedgerEntry::amount).sum();
        assertEquals(credited, before.values().stream().mapToLong(w -> w.balance() + w.earnings()).sum(),
                "coins are conserved");
        run.assertLedgerMatches(before, ledgerBefore);

        List<CompletionStage<?>> retries = new ArrayList<>();
        for (Op op : operations) {
            retries.add(run.reissueIfCommitted(op));
        }
        retries.forEach(Gifts::failure);
        assertEquals(before, run.wallets(), "retries change no wallet");
        assertEquals(ledgerBefore.size(), run.ledger().size(), "retries add no ledger entry");
    }

    @Provide
    protected Arbitrary<Integer> batchSizes() {
        return Arbitraries.integers().between(1, 8);
    }

    /** One try: its own users, calls and room, and the model of their wallets. */
    private final class Run {
        private final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + "-";
        private final String room = prefix + "room";
        private final long[] balance = new long[USERS];
        private final long[] earnings = new long[USERS];
        private final Map<String, Object[]> purchases = new HashMap<>();
        private final Map<String, Object[]> keys = new HashMap<>();
        private final Map<Integer, List<MinuteCharge>> minutes = new HashMap<>();
        /** Interleaved runs: what was committed, to retry it. */
        private final Set<Op> committed = new HashSet<>();
        private final int[] minutesIssued = new int[CALLS.length];

        String user(int i) {
            return prefix + "u" + i;
        }

        GiftOrder order(Gift gift) {
            return new GiftOrder(room, user(gift.sender()), "User " + gift.sender(), user(gift.recipient()),
                    Gifts.CATALOG.gifts().get(gift.gift()).giftId(), gift.count(), prefix + "k" + gift.key());
        }

        long price(Gift gift) {
            return Gifts.CATALOG.gifts().get(gift.gift()).price() * gift.count();
        }

        CallMinute callMinute(int call, int minute) {
            int[] c = CALLS[call];
            return new CallMinute(prefix + "call" + call, room, user(c[0]), user(c[1]), minute, c[2]);
        }

        void apply(Op op) {
            if (op instanceof Credit credit) {
                credit(credit);
            } else if (op instanceof Gift gift) {
                gift(gift);
            } else {
                minute((Minute) op);
            }
        }

        private void credit(Credit credit) {
            String purchase = prefix + "purchase" + credit.purchase();
            CompletionStage<Long> stage = store().credit(user(credit.user()), credit.coins(), purchase);
            Object[] first = purchases.get(purchase);
            if (first == null) {
                long after = Gifts.await(stage);
                balance[credit.user()] += credit.coins();
                assertEquals(balance[credit.user()], after);
                purchases.put(purchase, new Object[] {credit, after});
            } else {
                assertReplay(stage, first[0].equals(credit), first[1]);
            }
        }

        private void gift(Gift gift) {
            CompletionStage<GiftReceipt> stage = store().send(order(gift));
            String key = gift.sender() + "/" + gift.key();
            if (gift.sender() == gift.recipient()) {
                assertEquals(GiftException.Reason.SELF_GIFT, Gifts.failure(stage));
                return;
            }
            Object[] first = keys.get(key);
            if (first != null) {
                GiftReceipt receipt = (GiftReceipt) first[1];
                Object expected = new GiftReceipt(receipt.txId(), receipt.balance(), receipt.combo(), receipt.amount(),
                        receipt.ts(), true);
                assertReplay(stage, first[0].equals(gift), expected);
                return;
            }
            long amount = price(gift);
            if (balance[gift.sender()] < amount) {
                assertEquals(GiftException.Reason.INSUFFICIENT_FUNDS, Gifts.failure(stage));
                return;
            }
            GiftReceipt receipt = Gifts.await(stage);
            balance[gift.sender()] -= amount;
            earnings[gift.recipient()] += amount;
            assertEquals(balance[gift.sender()], receipt.balance());
            assertEquals(amount, receipt.amount());
            assertTrue(!receipt.replay());
            keys.put(key, new Object[] {gift, receipt});
        }

        private void minute(Minute op) {
            List<MinuteCharge> charged = minutes.computeIfAbsent(op.call(), c -> new ArrayList<>());
            int[] call = CALLS[op.call()];
            if (op.kind() == 1 && !charged.isEmpty()) {
                MinuteCharge first = charged.get(charged.size() - 1);
                MinuteCharge again = Gifts.await(store().chargeCallMinute(callMinute(op.call(), charged.size() - 1)));
                assertEquals(new MinuteCharge(first.txId(), first.balance(), first.charged(), true), again);
                return;
            }
            if (op.kind() == 2) {
                assertEquals(GiftException.Reason.CONFLICT,
                        Gifts.failure(store().chargeCallMinute(callMinute(op.call(), charged.size() + 1))));
                return;
            }
            CompletionStage<MinuteCharge> stage = store().chargeCallMinute(callMinute(op.call(), charged.size()));
            if (balance[call[0]] < call[2]) {
                assertEquals(GiftException.Reason.INSUFFICIENT_FUNDS, Gifts.failure(stage));
                return;
            }
            MinuteCharge charge = Gifts.await(stage);
            balance[call[0]] -= call[2];
            earnings[call[1]] += call[2];
            assertEquals(balance[call[0]], charge.balance());
            assertEquals((long) call[2] * (charged.size() + 1), charge.charged());
            assertTrue(!charge.replay());
            charged.add(charge);
        }

        /**
         * A retry with the same parameters returns the first result. With other parameters under a
         * used key the store may replay or refuse as CONFLICT (issue 13 moves it to CONFLICT); either
         * way nothing may change, which {@link #assertWalletsMatchModel} checks after it.
         */
        private void assertReplay(CompletionStage<?> stage, boolean sameParameters, Object firstResult) {
            if (sameParameters) {
                assertEquals(firstResult, Gifts.await(stage), "a retry returns the first result");
                return;
            }
            GiftException.Reason reason = Gifts.failure(stage);
            assertTrue(reason == null || reason == GiftException.Reason.CONFLICT, "a reused key refused as " + reason);
        }

        /** Sequential runs: the same operation again is a retry of whatever it did the first time. */
        void retry(Op op) {
            if (op instanceof Credit credit) {
                Object[] first = purchases.get(prefix + "purchase" + credit.purchase());
                assertReplay(store().credit(user(credit.user()), credit.coins(),
                        prefix + "purchase" + credit.purchase()), first[0].equals(credit), first[1]);
            } else if (op instanceof Gift gift) {
                Object[] first = keys.get(gift.sender() + "/" + gift.key());
                // A gift to oneself is refused before its key is looked at.
                if (first != null && gift.sender() != gift.recipient()) {
                    GiftReceipt receipt = (GiftReceipt) first[1];
                    assertReplay(store().send(order(gift)), first[0].equals(gift), new GiftReceipt(receipt.txId(),
                            receipt.balance(), receipt.combo(), receipt.amount(), receipt.ts(), true));
                }
            } else {
                Minute minute = (Minute) op;
                List<MinuteCharge> charged = minutes.getOrDefault(minute.call(), List.of());
                for (int m = 0; m < charged.size(); m++) {
                    MinuteCharge first = charged.get(m);
                    assertEquals(new MinuteCharge(first.txId(), first.balance(), first.charged(), true),
                            Gifts.await(store().chargeCallMinute(callMinute(minute.call(), m))));
                }
            }
        }

        /** Interleaved runs: sends the operation without waiting; minutes are numbered in issue order. */
        CompletionStage<?> issue(Op op) {
            CompletionStage<?> stage;
            if (op instanceof Credit credit) {
                stage = store().credit(user(credit.user()), credit.coins(), prefix + "purchase" + credit.purchase());
            } else if (op instanceof Gift gift) {
                stage = store().send(order(gift));
            } else {
                Minute minute = (Minute) op;
                stage = store().chargeCallMinute(callMinute(minute.call(), minutesIssued[minute.call()]++));
            }
            return stage.whenComplete((result, failure) -> {
                if (failure == null && !(op instanceof Minute)) {
                    synchronized (committed) {
                        committed.add(op);
                    }
                }
            });
        }

        /** Retries a committed operation with the same parameters: it must be a replay. */
        CompletionStage<?> reissueIfCommitted(Op op) {
            synchronized (committed) {
                // A minute's retry needs its number; minute retries are checked one by one in sequential().
                if (!committed.contains(op)) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            if (op instanceof Credit credit) {
                return store().credit(user(credit.user()), credit.coins(), prefix + "purchase" + credit.purchase());
            }
            return store().send(order((Gift) op)).thenApply(receipt -> {
                assertTrue(receipt.replay(), "a retried gift is a replay");
                return receipt;
            });
        }

        Map<String, Wallet> wallets() {
            Map<String, Wallet> wallets = new HashMap<>();
            for (int i = 0; i < USERS; i++) {
                wallets.put(user(i), Gifts.await(store().wallet(user(i))));
            }
            return wallets;
        }

        void assertWalletsMatchModel() {
            for (int i = 0; i < USERS; i++) {
                Wallet wallet = Gifts.await(store().wallet(user(i)));
                assertEquals(new Wallet(balance[i], earnings[i]), wallet, "wallet of user " + i);
                assertTrue(wallet.balance() >= 0);
            }
        }

        List<LedgerEntry> ledger() {
            return GiftStoreProperties.this.ledger().stream().filter(e -> e.to().startsWith(prefix)).toList();
        }

        void assertLedgerAddsUp() {
            Map<String, Wallet> wallets = new HashMap<>();
            for (int i = 0; i < USERS; i++) {
                wallets.put(user(i), new Wallet(balance[i], earnings[i]));
            }
            List<LedgerEntry> entries = ledger();
            assertLedgerMatches(wallets, entries);
            long moves = purchases.size() + keys.size() + minutes.values().stream().mapToLong(List::size).sum();
            assertEquals(moves, entries.size(), "one ledger entry per committed credit, gift and minute");
        }

        /** Each wallet is what the ledger says went in and out of it. */
        void assertLedgerMatches(Map<String, Wallet> wallets, List<LedgerEntry> entries) {
            Map<String, long[]> sums = new HashMap<>();
            for (LedgerEntry entry : entries) {
                if (entry.kind().equals(LedgerEntry.CREDIT)) {
                    sums.computeIfAbsent(entry.to(), u -> new long[2])[0] += entry.amount();
                } else {
                    sums.computeIfAbsent(entry.from(), u -> new long[2])[0] -= entry.amount();
                    sums.computeIfAbsent(entry.to(), u -> new long[2])[1] += entry.amount();
                }
            }
            for (Map.Entry<String, Wallet> wallet : wallets.entrySet()) {
                long[] sum = sums.getOrDefault(wallet.getKey(), new long[2]);
                assertEquals(new Wallet(sum[0], sum[1]), wallet.getValue(), "the ledger of " + wallet.getKey());
            }
        }
    }
}
