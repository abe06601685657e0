package io.livestage.server.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One delivery attempt: POST the body, signed with the endpoint's secret at the attempt's time. Redirects
 * are not followed (a receiver that moved is a configuration to fix, and a signed body should not travel
 * elsewhere); the timeout covers connecting and the response's headers.
 */
final class WebhookSender {
    static final String DELIVERY_HEADER = "LiveStage-Delivery";

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        // HTTP/1.1: the JDK would otherwise offer an h2c upgrade on plain-http POSTs, which some receivers' frameworks
        // answer badly; a webhook is one small request, HTTP/2 gains nothing.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Completes with the response's status, or exceptionally when none came in time. */
    CompletionStage<Integer> send(String url, String secret, OutboxRecord record) {
        long now = clock.millis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(DELIVERY_HEADER, record.deliveryId())
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, now, record.body()))
                .POST(HttpRequest.BodyPublishers.ofString(record.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
