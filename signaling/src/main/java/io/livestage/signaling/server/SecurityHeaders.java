package io.livestage.signaling.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The headers that keep browsers from misusing our responses: no framing (clickjacking), no
 * content sniffing, no referrer, HTTPS only once seen over HTTPS, and a Content-Security-Policy.
 * Our pages may load only our own scripts (inline ones only by hash), styles, images (and gift
 * animations from the origins the catalog names), and connect only to us, WebSocket included;
 * anything that is not a page loads nothing at all.
 */
final class SecurityHeaders {
    /** For every response that is not one of our pages (JSON, metrics, files, errors). */
    static final String NOT_A_PAGE = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** A year; no includeSubDomains, the operator's other hosts are none of our business. */
    private static final String STRICT_TRANSPORT = "max-age=31536000";
    /** A Host header fit to be put in the policy: a name or an IP literal and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+])"
                    + "(?::[0-9]{1,5})?");

    private final boolean strictTransport;
    private final String imageSources;

    /**
     * @param strictTransport   browsers reach us over HTTPS (our own TLS, or a proxy's in front)
     * @param animationUrls     the gift catalog's animation URLs: absolute ones add their origin to img-src
     */
    SecurityHeaders(boolean strictTransport, Collection<String> animationUrls) {
        this.strictTransport = strictTransport;
        StringBuilder images = new StringBuilder();
        for (String origin : imageOrigins(animationUrls)) {
            images.append(' ').append(origin);
        }
        this.imageSources = images.toString();
    }

    /** Headers of a response that is not a page. */
    void apply(HttpHeaders headers) {
        common(headers);
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, NOT_A_PAGE);
    }

    /**
     * Headers of one of our pages.
     *
     * @param scriptHashes CSP hashes ({@code 'sha256-…'}) of the page's inline scripts
     * @param host         the request's Host header (may be null)
     */
    void applyPage(HttpHeaders headers, List<String> scriptHashes, String host) {
        common(headers);
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, pagePolicy(scriptHashes, host));
    }

    String pagePolicy(List<String> scriptHashes, String host) {
        StringBuilder policy = new StringBuilder("default-src 'self'; script-src 'self'");
        for (String hash : scriptHashes) {
            policy.append(' ').append(hash);
        }
        policy.append("; style-src 'self'; img-src 'self'").append(imageSources).append("; connect-src 'self'");
        // 'self' covers ws: and wss: to the page's own host in current browsers; older Safari needs them named.
        if (host != null && HOST.matcher(host).matches()) {
            String name = host.toLowerCase(Locale.ROOT);
            policy.append(" ws://").append(name).append(" wss://").append(name);
        }
        return policy.append("; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'").toString();
    }

    private void common(HttpHeaders headers) {
        headers.set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer");
        if (strictTransport) {
            headers.set("Strict-Transport-Security", STRICT_TRANSPORT);
        }
    }

    /** The origins of the absolute http(s) URLs, in a stable order; relative URLs are ours already. */
    static List<String> imageOrigins(Collection<String> urls) {
        TreeSet<String> origins = new TreeSet<>();
        for (String url : urls) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                    origins.add(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                            + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
                }
            } catch (URISyntaxException e) {
                // Not a URL a browser could load either; it adds nothing to the policy.
            }
        }
        return List.copyOf(origins);
    }
}
