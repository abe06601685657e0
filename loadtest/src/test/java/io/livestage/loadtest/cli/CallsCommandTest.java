package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CallsCommandTest {

    @Test
    void defaultsHoldTwoHundredLightCallsForThreeRealMinutesOnTheLocalServer() throws Exception {
        CallsOptions options = CallsCommand.parse(new String[0]);
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(200, options.calls());
        assertEquals(3, options.minutes());
        assertEquals(60_000, options.minuteMs());
        assertEquals(10, options.rate());
        assertEquals(10, options.rampPerSecond());
        assertTrue(options.audio());
        assertEquals(new VideoSettings(320, 240, 15, 150_000, 2.0, 1200), options.video());
        assertEquals(URI.create("http://127.0.0.1:8080/api/wallet/credit"), options.creditUrl());
        assertEquals(AuthConfig.DEV_SERVICE_KEY, options.serviceKey());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertEquals(0, options.serverPid());
    }

    @Test
    void readsEveryFlag() throws Exception {
        CallsOptions options = CallsCommand.parse(new String[] {"--url", "ws://10.0.0.5:9000/ws", "--calls", "50",
                "--minutes=5", "--minute-ms", "2000", "--rate", "30", "--ramp-per-second", "25", "--video",
                "640x360@30", "--video-kbps", "500", "--no-audio", "--service-key", "a-service-key-of-the-test",
                "--no-metrics", "--server-pid", "4242"});
        assertEquals(50, options.calls());
        assertEquals(5, options.minutes());
        assertEquals(2000, options.minuteMs());
        assertEquals(30, options.rate());
        assertEquals(25, options.rampPerSecond());
        assertFalse(options.audio());
        assertEquals(new VideoSettings(640, 360, 30, 500_000, 2.0, 1200), options.video());
        assertEquals(URI.create("http://10.0.0.5:9000/api/wallet/credit"), options.creditUrl());
        assertEquals("a-service-key-of-the-test", options.serviceKey());
        assertNull(options.metricsUrl());
        assertEquals(4242, options.serverPid());
    }

    @Test
    void audioOnlyCallsSendNoVideo() throws Exception {
        CallsOptions options = CallsCommand.parse(new String[] {"--video", "none"});
        assertNull(options.video());
        assertTrue(options.audio());
    }

    @Test
    void refusesNothingToSendBadVideoAndAMinuteBeyondTheServersRange() {
        assertEquals("--no-audio with --video none leaves nothing to send", assertThrows(UsageException.class,
                () -> CallsCommand.parse(new String[] {"--no-audio", "--video", "none"})).getMessage());
        assertEquals("--video must look like 320x240@15 or be 'none', not '320x240'", assertThrows(UsageException.class,
                () -> CallsCommand.parse(new String[] {"--video", "320x240"})).getMessage());
        assertTrue(assertThrows(UsageException.class,
                () -> CallsCommand.parse(new String[] {"--video", "320x240@30", "--video-kbps", "10"})).getMessage()
                .startsWith("--video 320x240@30 at 10 kbit/s: bitsPerSecond too low"));
        assertEquals("--minute-ms must be between 100 and 60000, not 90000", assertThrows(UsageException.class,
                () -> CallsCommand.parse(new String[] {"--minute-ms", "90000"})).getMessage());
    }
}
