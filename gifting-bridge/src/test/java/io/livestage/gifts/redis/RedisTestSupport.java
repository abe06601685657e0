package io.livestage.gifts.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.livestage.gifts.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tests' own connection to the real Redis at 127.0.0.1:6379: a unique key prefix per run, reading the
 * ledger back, cutting a node's connections, and deleting the run's keys at the end.
 */
final class RedisTestSupport implements AutoCloseable {
    static final String URI = "redis://127.0.0.1:6379";

    final String prefix = "livestage-test-" + UUID.randomUUID();
    private final RedisClient client = RedisClient.create(URI);
    private final StatefulRedisConnection<String, String> connection = client.connect();
    final RedisCommands<String, String> redis = connection.sync();

    List<LedgerEntry> ledger() {
        return redis.xrange(prefix + ":ledger", io.lettuce.core.Range.create("-", "+")).stream()
                .map(RedisTestSupport::entry).toList();
    }

    /** The ledger stream id of the transaction's entry, or null. */
    String ledgerIdOf(String txId) {
        return redis.xrange(prefix + ":ledger", io.lettuce.core.Range.create("-", "+")).stream()
                .filter(m -> txId.equals(m.getBody().get("txId"))).map(StreamMessage::getId).findFirst().orElse(null);
    }

    /** A ledger stream entry as the ledger's record. */
    static LedgerEntry entry(StreamMessage<String, String> message) {
        Map<String, String> f = message.getBody();
        return new LedgerEntry(f.get("txId"), f.get("kind"), f.get("from"), f.get("to"), f.get("room"), f.get("gift"),
                Integer.parseInt(f.get("count")), Long.parseLong(f.get("amount")), Long.parseLong(f.get("time")),
                f.getOrDefault("call", ""), Integer.parseInt(f.getOrDefault("minute", "-1")), f.getOrDefault("reverses", ""));
    }

    /** Kills every connection whose client name is {@code name}; returns how many. */
    int kill(String name) {
        int killed = 0;
        for (String line : redis.clientList().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' '));
                redis.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                killed++;
            }
        }
        return killed;
    }

    @Override
    public void close() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        connection.close();
        client.shutdown();
    }
}
