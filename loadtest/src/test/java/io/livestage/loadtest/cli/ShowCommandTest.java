package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.show.ShowOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShowCommandTest {

    @Test
    void defaultsMeasureFiftySubscribersForThirtySecondsOnTheLocalServer() throws Exception {
        ShowOptions options = ShowCommand.parse(new String[0]);
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(50, options.subscribers());
        assertEquals(Duration.ofSeconds(5), options.warmup());
        assertEquals(Duration.ofSeconds(30), options.duration());
        assertEquals(50, options.rampPerSecond());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertEquals(0, options.serverPid());
        assertEquals(0.1, options.maxLossPercent());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertFalse(options.simulcast());
        assertEquals(List.of(), options.viewerLayers());
        assertNull(options.layerOf(0));
    }

    @Test
    void simulcastViewersPinTheListedLayersInTurn() throws Exception {
        ShowOptions options = ShowCommand.parse(new String[] {"--simulcast", "--viewer-layers", "low,medium,high"});
        assertTrue(options.simulcast());
        assertEquals(List.of("low", "medium", "high"), options.viewerLayers());
        assertEquals("low", options.layerOf(0));
        assertEquals("high", options.layerOf(2));
        assertEquals("low", options.layerOf(3));
        ShowOptions auto = ShowCommand.parse(new String[] {"--simulcast"});
        assertTrue(auto.simulcast());
        assertNull(auto.layerOf(7), "no pins: the server chooses");
    }

    @Test
    void readsEveryFlag() throws Exception {
        ShowOptions options = ShowCommand.parse(new String[] {"--url", "ws://10.0.0.5:9000/ws", "--subscribers=500",
                "--warmup", "10s", "--duration", "2m", "--ramp-per-second", "25", "--metrics-url",
                "http://10.0.0.5:9001/metrics", "--server-pid", "4242", "--max-loss", "0.5"});
        assertEquals(URI.create("ws://10.0.0.5:9000/ws"), options.url());
        assertEquals(500, options.subscribers());
        assertEquals(Duration.ofSeconds(10), options.warmup());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(25, options.rampPerSecond());
        assertEquals(URI.create("http://10.0.0.5:9001/metrics"), options.metricsUrl());
        assertEquals(4242, options.serverPid());
        assertEquals(0.5, options.maxLossPercent());
    }

    @Test
    void refusesWhatItCannotMeasure() {
        assertEquals("--url must be a ws:// URL with a host, not 'wss://example.org/ws'", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--url", "wss://example.org/ws"})).getMessage());
        assertEquals("--subscribers must be between 1 and 2000, not 0", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--subscribers", "0"})).getMessage());
        assertEquals("--server-pid must be a whole number, not 'server'", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--server-pid", "server"})).getMessage());
        assertEquals("unknown option --viewers", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--viewers", "5"})).getMessage());
        assertEquals("--viewer-layers needs --simulcast", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--viewer-layers", "low"})).getMessage());
        assertEquals("--viewer-layers takes low, medium, high or auto, comma-separated, not 'low,,high'",
                assertThrows(UsageException.class, () -> ShowCommand.parse(new String[] {"--simulcast",
                        "--viewer-layers", "low,,high"})).getMessage());
        assertEquals("--simulcast takes no value", assertThrows(UsageException.class,
                () -> ShowCommand.parse(new String[] {"--simulcast=yes"})).getMessage());
    }
}
