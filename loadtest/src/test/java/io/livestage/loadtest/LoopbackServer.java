package io.livestage.loadtest;

import io.livestage.server.LiveStageServer;
import io.livestage.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The real server in-process on free loopback ports, with its dev defaults otherwise. */
public final class LoopbackServer {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static final Map<String, String> LOOPBACK = Map.of("LIVESTAGE_HTTP_HOST", "127.0.0.1",
            "LIVESTAGE_HTTP_PORT", "0", "LIVESTAGE_MEDIA_UDP_PORT", "0", "LIVESTAGE_MEDIA_BIND_ADDRESS", "127.0.0.1",
            "LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES", "[\"127.0.0.1\"]");

    private LoopbackServer() {
    }

    public static LiveStageServer start() {
        return start(Map.of());
    }

    public static LiveStageServer start(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(LOOPBACK);
        env.putAll(overrides);
        return LiveStageServer.start(ConfigLoader.load(null, env));
    }

    /**
     * A series of the server's {@code /metrics}, summed over its labels; {@code series} may begin a label
     * set ({@code name{reason="x"}}) to pick some of them. 0 when no line matches.
     */
    public static double metric(LiveStageServer server, String series) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            boolean match = series.contains("{") ? line.startsWith(series)
                    : line.startsWith(series + " ") || line.startsWith(series + "{");
            if (match) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
