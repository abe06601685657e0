package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GiftsCommandTest {

    @Test
    void defaultsSendAHundredGiftsASecondIntoTenRoomsOnTheLocalServer() throws Exception {
        GiftsOptions options = GiftsCommand.parse(new String[0]);
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(10, options.rooms());
        assertEquals(1000, options.viewers());
        assertEquals(100, options.senders());
        assertEquals(100, options.rate());
        assertEquals(Duration.ofSeconds(5), options.warmup());
        assertEquals(Duration.ofSeconds(30), options.duration());
        assertEquals(URI.create("http://127.0.0.1:8080/api/wallet/credit"), options.creditUrl());
        assertEquals(AuthConfig.DEV_SERVICE_KEY, options.serviceKey());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertNull(options.redisUri());
        assertEquals(0, options.serverPid());
        assertEquals(500, options.warmupGifts());
        assertEquals(3500, options.totalGifts());
    }

    @Test
    void readsEveryFlag() throws Exception {
        GiftsOptions options = GiftsCommand.parse(new String[] {"--url", "ws://10.0.0.5:9000/ws", "--rooms", "4",
                "--viewers=5000", "--senders", "40", "--rate", "1000", "--warmup", "2s", "--duration", "1m",
                "--ramp-per-second", "800", "--service-key", "a-service-key-of-the-test", "--no-metrics",
                "--redis", "redis://127.0.0.1:6379/0", "--server-pid", "4242"});
        assertEquals(4, options.rooms());
        assertEquals(5000, options.viewers());
        assertEquals(40, options.senders());
        assertEquals(1000, options.rate());
        assertEquals(Duration.ofMinutes(1), options.duration());
        assertEquals(800, options.rampPerSecond());
        assertEquals(URI.create("http://10.0.0.5:9000/api/wallet/credit"), options.creditUrl());
        assertEquals("a-service-key-of-the-test", options.serviceKey());
        assertNull(options.metricsUrl());
        assertEquals(URI.create("redis://127.0.0.1:6379/0"), options.redisUri());
        assertEquals(62_000, options.totalGifts());
        assertEquals(4242, options.serverPid());
    }

    @Test
    void refusesRoomsWithoutSendersAndOtherSchemes() {
        assertEquals("--senders must be between 10 and 5000, not 5", assertThrows(UsageException.class,
                () -> GiftsCommand.parse(new String[] {"--senders", "5"})).getMessage());
        assertEquals("--redis must be a redis:// URL with a host, not 'http://127.0.0.1:6379'",
                assertThrows(UsageException.class,
                        () -> GiftsCommand.parse(new String[] {"--redis", "http://127.0.0.1:6379"})).getMessage());
    }
}
