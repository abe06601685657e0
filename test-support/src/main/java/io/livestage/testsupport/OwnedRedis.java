package io.livestage.testsupport;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Redis of the test's own, so it can be crashed and stalled without touching the shared one on 6379:
 * {@code /usr/bin/redis-server} on a free loopback port, in a temporary directory, with the append-only
 * file written and fsynced before every reply ({@code appendonly yes}, {@code appendfsync always}). So what
 * a client was told is committed survives {@link #crash()}, a SIGKILL, and comes back on {@link #start()}.
 */
public final class OwnedRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;
    private int starts;

    private OwnedRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh, empty Redis, answering PING. */
    public static OwnedRedis launch() throws IOException, InterruptedException {
        RedisProcesses.require(RedisProcesses.SERVER);
        OwnedRedis redis = new OwnedRedis(Files.createTempDirectory("livestage-owned-redis"), RedisProcesses.freePort());
        redis.start();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Starts the server on the same port and directory, which replays its append-only file. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis on " + port + " is running");
        }
        process = new ProcessBuilder(RedisProcesses.SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        starts++;
        RedisProcesses.awaitReady(process, port, this::log);
    }

    /** SIGKILL, as a crash or an OOM kill would: no shutdown save, no goodbye to clients. */
    public synchronized void crash() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis on " + port + " survived SIGKILL");
        }
    }

    /** Times the server was started, the first included. */
    public synchronized int starts() {
        return starts;
    }

    /**
     * Holds every write command, scripts included, of every client for {@code millis} ({@code CLIENT PAUSE
     * WRITE}): they run, and commit, when the pause ends, possibly after their clients stopped waiting.
     * Reads go on, so the gift feed and this test's checks are not held.
     */
    public void pauseWrites(long millis) {
        query(redis -> redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(millis).add("WRITE")));
    }

    public Map<String, String> hash(String key) {
        return query(redis -> redis.hgetall(key));
    }

    public List<Map<String, String>> stream(String key) {
        return query(redis -> redis.xrange(key, Range.create("-", "+")).stream().map(StreamMessage::getBody).toList());
    }

    /** One short connection per question: the server may have been restarted since the last one. */
    private <T> T query(Function<RedisCommands<String, String>, T> question) {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return question.apply(connection.sync());
        } finally {
            client.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            RedisProcesses.kill(process);
        }
        RedisProcesses.deleteTree(dir);
    }
}
