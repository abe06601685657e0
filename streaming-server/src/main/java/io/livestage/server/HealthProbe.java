package io.livestage.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code java -cp livestage.jar io.livestage.server.HealthProbe [url]}: exits 0 when the node's
 * {@code /health} (default {@code http://127.0.0.1:8080/health}) answers 200 within 2 s, else 1.
 * For container health checks, where the runtime image has no curl. It only ever asks its own
 * node over loopback, so an HTTPS certificate is not checked (it names the public host, not
 * 127.0.0.1).
 */
public final class HealthProbe {
    static final String DEFAULT_URL = "http://127.0.0.1:8080/health";

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(healthy(args.length > 0 ? args[0] : DEFAULT_URL) ? 0 : 1);
    }

    static boolean healthy(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(trustingOwnNode()).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static SSLContext trustingOwnNode() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }
}
