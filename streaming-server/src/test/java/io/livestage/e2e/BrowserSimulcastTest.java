package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exploratory: simulcast publisher, two viewers. */
class BrowserSimulcastTest {
    private static final String CAPTURE = PublishPage.PATH + "?simulcast&width=1280&height=720&fps=30";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void explore() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (LiveStageServer server = TestServers.start(Map.of());
                 HeadlessChromium publisherBrowser = HeadlessChromium.start(30);
                 HeadlessChromium aBrowser = HeadlessChromium.start();
                 HeadlessChromium bBrowser = HeadlessChromium.start()) {
                PublishPage publisher = new PublishPage(publisherBrowser);
                publisherBrowser.open("http://127.0.0.1:" + server.httpPort() + CAPTURE);
                String roomId = publisher.awaitRoom(TIMEOUT);
                publisher.awaitConnected(TIMEOUT);
                WatchPage a = new WatchPage(aBrowser);
                a.open(server.httpPort(), roomId);
                WatchPage b = new WatchPage(bBrowser);
                b.open(server.httpPort(), roomId);
                a.awaitFirstFrame(TIMEOUT);
                b.awaitFirstFrame(TIMEOUT);
                b.pinLayer("low");
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(1000);
                    System.out.println("t=" + i + " A " + brief(a.videoStats()) + " layers " + a.layerEvents());
                    System.out.println("     B " + brief(b.videoStats()) + " layers " + b.layerEvents());
                    System.out.println("     P " + publisher.outboundStats().stream().filter(s -> "video".equals(s.get("kind")))
                            .map(s -> s.get("rid") + ":" + s.get("frameWidth") + ":" + s.get("active") + ":" + s.get("bytesSent")).toList()
                            + " " + publisher.state().get("layers"));
                }
                System.out.println("keyframe wanted " + TestServers.metric(server, "livestage_sfu_keyframe_wanted_total")
                        + " requested " + TestServers.metric(server, "livestage_sfu_keyframe_requests_total"));
            }
        });
    }

    private static String brief(Map<?, ?> stats) {
        return stats == null ? "none" : stats.get("frameWidth") + "x" + stats.get("frameHeight") + " fps "
                + stats.get("framesPerSecond") + " freezes " + stats.get("freezeCount") + " bytes " + stats.get("bytesReceived");
    }
}
