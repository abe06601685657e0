package io.livestage.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A platform's webhook receiver on loopback (the JDK's HTTP server), whose answers a test scripts per
 * request: a status, after a delay. It verifies each request as docs/webhooks.md tells receivers to,
 * records every one (also those it then failed), and can stop listening and listen again on the same
 * port, as a receiver restarting does.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** How a request is answered: {@code status} after {@code delay}. */
    record Answer(int status, Duration delay) {
        static Answer ok() {
            return new Answer(200, Duration.ZERO);
        }

        static Answer status(int status) {
            return new Answer(status, Duration.ZERO);
        }

        static Answer slow(Duration delay) {
            return new Answer(200, delay);
        }
    }

    /** Answers request number n (from 1), which carries the delivery id. */
    @FunctionalInterface
    interface Script {
        Answer answer(int n, String deliveryId);
    }

    /** One request as it arrived; {@code signatureValid} as a receiver checks it, within 5 minutes of our clock. */
    public record Request(String deliveryId, String type, String body, boolean signatureValid, int answered) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOLERANCE_SECONDS = 300;

    private final String secret;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private volatile Script script = (n, id) -> Answer.ok();
    private HttpServer server;
    private final int port;

    public WebhookReceiver(String secret) {
        this.secret = secret;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks?token=not-for-logs";
    }

    void script(Script answers) {
        this.script = answers;
    }

    /** Stops listening: connections are refused until {@link #listenAgain()}. */
    synchronized void stopListening() {
        server.stop(0);
    }

    synchronized void listenAgain() {
        server = listen(port);
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            created.setExecutor(handlers);
            created.createContext("/hooks", this::handle);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String deliveryId = exchange.getRequestHeaders().getFirst("LiveStage-Delivery");
        boolean valid = verify(exchange.getRequestHeaders().getFirst("LiveStage-Signature"), body)
                && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                && "POST".equals(exchange.getRequestMethod());
        String type = JSON.readTree(body).path("type").asText();
        Answer answer;
        synchronized (this) {
            answer = script.answer(requests.size() + 1, deliveryId);
            requests.add(new Request(deliveryId, type, body, valid, answer.status()));
        }
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    /** What docs/webhooks.md asks of a receiver: t recent, v1 = HMAC-SHA256(secret, t + "." + body), compared in constant time. */
    private boolean verify(String header, String body) {
        if (header == null) {
            return false;
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0], kv[1]);
            }
        }
        String t = parts.get("t");
        String v1 = parts.get("v1");
        if (t == null || v1 == null || !t.matches("\\d{1,12}")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > TOLERANCE_SECONDS) {
            return false;
        }
        try {
            // Computed here, not with the server's own code, as an independent receiver would.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Delivery ids answered with a 2xx, first answer first. */
    public synchronized List<String> accepted() {
        List<String> ids = new ArrayList<>();
        for (Request request : requests) {
            if (request.answered() / 100 == 2 && !ids.contains(request.deliveryId())) {
                ids.add(request.deliveryId());
            }
        }
        return ids;
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
