package io.livestage.server.chaos;

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
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Redis of the test's own, so it can be crashed and stalled without touching the shared one on 6379:
 * {@code /usr/bin/redis-server} on a free loopback port, in a temporary directory, with the append-only
 * file written and fsynced before every reply ({@code appendonly yes}, {@code appendfsync always}). So what
 * a client was told is committed survives {@link #crash()}, a SIGKILL, and comes back on {@link #start()}.
 */
public final class OwnedRedis implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";

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
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's redis-server (.ci/run does)");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        OwnedRedis redis = new OwnedRedis(Files.createTempDirectory("livestage-chaos-redis"), port);
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
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        starts++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis did not start on " + port + ": " + log());
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILL, as a crash or an OOM kill would: no shutdown save, no goodbye to clients. */
    public synchronized void crash() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis on " + port + " survived SIGKILL");
        }
    }

    /** Times the server was started, the first included. */
    synchronized int starts() {
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

    /** PING over a plain socket: no client library retries or reconnects hide a server that is not up yet. */
    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read >= 5 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
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
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
