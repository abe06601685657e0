package io.livestage.loadtest.gifts;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the gifts scenario does.
 *
 * @param url           the server's signaling WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param rooms         live shows, each with its own host
 * @param viewers       viewer connections, spread over the rooms round-robin; they only receive
 * @param senders       adult viewer connections that send the gifts, spread over the rooms round-robin
 * @param rate          gifts per second, all senders together
 * @param warmup        how long gifts flow before latencies count; their deliveries still count
 * @param duration      how long gifts flow after the warm-up, every delivery timed
 * @param rampPerSecond new connections started per second
 * @param secret        the HS256 secret the server verifies tokens with (we act as the platform)
 * @param creditUrl     the server's {@code POST /api/wallet/credit}, to fund the senders
 * @param serviceKey    the server's {@code auth.serviceKey}, which that endpoint requires
 * @param metricsUrl    the server's Prometheus endpoint, or null to skip server figures
 * @param redisUri      the Redis behind the server, to count its commands per gift, or null
 * @param serverPid     the server's process id on this machine, to split its CPU time into user and system; 0 for none
 */
public record GiftsOptions(
        URI url,
        int rooms,
        int viewers,
        int senders,
        double rate,
        Duration warmup,
        Duration duration,
        int rampPerSecond,
        String secret,
        URI creditUrl,
        String serviceKey,
        URI metricsUrl,
        URI redisUri,
        int serverPid) {

    /** The one gift sent: the cheapest, since its price changes nothing on the path being measured. */
    public static final String GIFT = "rose";

    public GiftsOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(creditUrl, "creditUrl");
        Objects.requireNonNull(serviceKey, "serviceKey");
        if (rooms < 1 || viewers < 0 || senders < rooms || !(rate > 0) || rampPerSecond < 1) {
            throw new IllegalArgumentException("rooms, rate and ramp must be positive, and every room needs a sender");
        }
    }

    /** Gifts sent in the warm-up: they are delivered and counted but not timed. */
    public long warmupGifts() {
        return Math.round(warmup.toMillis() / 1000.0 * rate);
    }

    /** Every gift of the run: exactly (warm-up + duration) x rate, so the achieved rate reads as the requested one. */
    public long totalGifts() {
        return warmupGifts() + Math.max(1, Math.round(duration.toMillis() / 1000.0 * rate));
    }

    /** The room a connection joins: hosts, viewers and senders are each spread round-robin. */
    public int roomOf(int index) {
        return index % rooms;
    }
}
