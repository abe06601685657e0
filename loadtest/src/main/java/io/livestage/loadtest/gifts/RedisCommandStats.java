package io.livestage.loadtest.gifts;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls per command from Redis' {@code INFO commandstats}, to count what gifts cost Redis as the difference of
 * two samples. Redis counts the commands a Lua script runs as well as the EVALSHA that runs it. It counts every
 * client's commands, so the figures hold only while nothing else uses that Redis.
 */
final class RedisCommandStats implements AutoCloseable {

    /** Our own sampling; not the server's work. */
    static final String OWN_COMMAND = "info";
    private static final Pattern LINE = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+)", Pattern.MULTILINE);
    private static final long TIMEOUT_SECONDS = 5;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisCommandStats(URI redis) {
        this.client = RedisClient.create(RedisURI.create(redis));
        this.connection = client.connect();
    }

    /** Calls so far by command name (lower case, subcommands as Redis names them, e.g. {@code xinfo|stream}). */
    Map<String, Long> sample() throws InterruptedException, ExecutionException, TimeoutException {
        return parse(connection.async().info("commandstats").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    static Map<String, Long> parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        Matcher matcher = LINE.matcher(info);
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }

    /** Calls between two samples, per command that was called at all, our own sampling left out. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((command, calls) -> {
            long added = calls - before.getOrDefault(command, 0L);
            if (added > 0 && !command.equals(OWN_COMMAND)) {
                delta.put(command, added);
            }
        });
        return delta;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
