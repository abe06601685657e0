package io.livestage.server.config;

import io.livestage.signaling.webhooks.WebhookEventType;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Signed webhooks to the platform's endpoints. No endpoints: no outbox, no deliveries.
 *
 * @param endpoints      where events go; the whole list may come from {@code LIVESTAGE_WEBHOOKS_ENDPOINTS} (JSON)
 *                       or, since it holds secrets, from the file {@code LIVESTAGE_WEBHOOKS_ENDPOINTS_FILE} names
 * @param timeoutMs      one delivery attempt's limit (connect and response); slower is a failed attempt
 * @param retryInitialMs the first retry's delay; each next one doubles, with jitter, up to {@code retryMaxMs}
 * @param retryMaxMs     the longest delay between two attempts
 * @param retryForMs     an event still undelivered this long after it happened goes to the dead-letter stream
 */
public record WebhooksConfig(List<Endpoint> endpoints, long timeoutMs, long retryInitialMs, long retryMaxMs,
                             long retryForMs) {
    /**
     * One receiver.
     *
     * @param name       a short stable name: the endpoint's position in the outbox, lease and metrics are kept
     *                   under it, so renaming it starts the endpoint afresh
     * @param url        http or https
     * @param secret     the HMAC-SHA256 key of its signatures, shared with the receiver (at least 16 characters)
     * @param secretFile instead of {@code secret}: a file holding it (a mounted Docker or Kubernetes secret)
     * @param events     the event types it wants ({@code gift.sent}, ...); empty: all
     */
    public record Endpoint(String name, String url, String secret, String secretFile, List<String> events) {
        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
        public static final int MIN_SECRET_LENGTH = 16;

        public Endpoint {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("webhooks.endpoints: each needs a name of lowercase letters, digits,"
                        + " '-' and '_' (up to 63), was '" + name + "'");
            }
            url = checkedUrl(name, url);
            boolean hasSecret = secret != null && !secret.isEmpty();
            boolean hasFile = secretFile != null && !secretFile.isEmpty();
            if (hasSecret == hasFile) {
                throw new IllegalArgumentException("webhooks endpoint '" + name + "' needs one of secret and secretFile");
            }
            if (hasFile) {
                secret = read(name, secretFile);
            }
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("webhooks endpoint '" + name + "': the secret must be at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
            events = List.copyOf(events == null ? List.of() : events);
            for (String event : events) {
                if (WebhookEventType.ofWire(event).isEmpty()) {
                    throw new IllegalArgumentException("webhooks endpoint '" + name + "': unknown event '" + event
                            + "' (known: " + String.join(", ", WebhookEventType.wireNames()) + ")");
                }
            }
        }

        /** Whether the endpoint wants this event type. */
        public boolean wants(String type) {
            return events.isEmpty() || events.contains(type);
        }

        /** Without the secret, and with only the URL's origin and path (its query or user part may hold a token). */
        @Override
        public String toString() {
            return "Endpoint[name=" + name + ", url=" + safeUrl() + ", events=" + events + "]";
        }

        /** The URL as logs may show it: scheme, host, port and path. */
        public String safeUrl() {
            URI parsed = URI.create(url);
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
                    + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
        }

        private static String checkedUrl(String name, String url) {
            String problem = "webhooks endpoint '" + name + "': url must be an absolute http:// or https:// URL";
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException(problem);
            }
            try {
                URI parsed = new URI(url.trim());
                String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase();
                if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
                    throw new IllegalArgumentException(problem);
                }
                return parsed.toString();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(problem);
            }
        }

        private static String read(String name, String file) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceAll("\\R\\z", "");
            } catch (IOException e) {
                throw new IllegalArgumentException("webhooks endpoint '" + name + "': cannot read secretFile " + file
                        + " (" + e.getMessage() + ")");
            }
        }
    }

    public WebhooksConfig {
        endpoints = List.copyOf(endpoints == null ? List.of() : endpoints);
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : endpoints) {
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("webhooks.endpoints: the name '" + endpoint.name() + "' is used twice");
            }
        }
        if (timeoutMs < 100 || retryInitialMs < 1 || retryMaxMs < retryInitialMs || retryForMs < retryMaxMs) {
            throw new IllegalArgumentException("webhooks: timeoutMs must be at least 100, and 0 < retryInitialMs <= retryMaxMs"
                    + " <= retryForMs");
        }
    }

    public boolean enabled() {
        return !endpoints.isEmpty();
    }
}
