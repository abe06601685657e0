package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.admin.AdminApi;
import io.livestage.signaling.auth.DevTokens;
import io.livestage.signaling.net.SlowReaders;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Plain HTTP on the signaling port: health, readiness, Prometheus metrics and the server API (unless
 * they have a port of their own), the dev-only token and credit endpoints and the web client's files.
 * WebSocket upgrades never reach this handler.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final long READY_TIMEOUT_MS = 2000;

    private final ObjectMapper json;
    private final HttpResponses responses;
    private final PrometheusMeterRegistry registry;
    private final List<ReadinessCheck> readinessChecks;
    private final BooleanSupplier listening;
    private final BooleanSupplier draining;
    private final DevTokens devTokens;
    private final WalletCredits devCredits;
    private final ApiExchange api;
    private final StaticFiles files;
    private final ServerMessage.ClientSettings clientSettings;

    /**
     * {@code devTokens} and {@code devCredits} are null unless dev mode is on, and then {@code /dev/token}
     * and {@code /dev/credit} are 404s; {@code registry} is null when {@code /metrics} is served on its own
     * port, and {@code api} when the server API is, and then they are 404s here.
     */
    HttpRequestHandler(ObjectMapper json, HttpResponses responses, PrometheusMeterRegistry registry,
                       List<ReadinessCheck> readinessChecks, BooleanSupplier listening, BooleanSupplier draining,
                       DevTokens devTokens,
                       WalletCredits devCredits, ApiExchange api, StaticFiles files,
                       ServerMessage.ClientSettings clientSettings) {
        this.clientSettings = clientSettings;
        this.json = json;
        this.responses = responses;
        this.registry = registry;
        this.readinessChecks = List.copyOf(readinessChecks);
        this.listening = listening;
        this.draining = draining;
        this.devTokens = devTokens;
        this.devCredits = devCredits;
        this.api = api;
        this.files = files;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!ctx.channel().isWritable()) {
            // Pipelined requests from a client that is not reading the responses: cut it off rather
            // than queue a response for every request it can send.
            SlowReaders.reset(ctx.channel());
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", bytes("bad request\n"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (AdminApi.handles(path)) {
            if (api == null) {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", bytes("not found\n"));
            } else {
                api.serve(ctx, request);
            }
            return;
        }
        if (path.equals(WalletCredits.DEV_CREDIT_PATH) && devCredits != null) {
            if (!HttpMethod.POST.equals(method)) {
                respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("use POST\n"));
            } else {
                devCredit(ctx, request);
            }
            return;
        }
        if (path.equals("/dev/token") && devTokens != null) {
            if (!HttpMethod.POST.equals(method)) {
                respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("use POST\n"));
            } else {
                devToken(ctx, request);
            }
            return;
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        if (path.equals("/metrics") && registry == null) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", bytes("not found\n"));
            return;
        }
        switch (path) {
            case "/client.json" -> {
                // Before sign-in the page must know whether to offer the dev form or the platform's sign-in.
                if (!read) {
                    respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("use GET\n"));
                } else {
                    respondJson(ctx, request, HttpResponseStatus.OK, clientSettings);
                }
            }
            case "/health", "/ready", "/metrics" -> {
                if (!read) {
                    respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("use GET\n"));
                } else if (path.equals("/health")) {
                    respondJson(ctx, request, HttpResponseStatus.OK, Map.of("status", "up"));
                } else if (path.equals("/ready")) {
                    ready(ctx, request);
                } else {
                    respond(ctx, request, HttpResponseStatus.OK, MetricsEndpoint.PROMETHEUS_TEXT,
                            bytes(registry.scrape()));
                }
            }
            default -> staticFile(ctx, request, path, read);
        }
    }

    private void ready(ChannelHandlerContext ctx, FullHttpRequest request) {
        request.retain();
        Map<String, CompletableFuture<Boolean>> results = new LinkedHashMap<>();
        for (ReadinessCheck check : readinessChecks) {
            results.put(check.name(), check.check().toCompletableFuture()
                    .completeOnTimeout(false, READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .exceptionally(e -> false));
        }
        CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).whenComplete((ignored, e) ->
                ctx.executor().execute(() -> {
                    try {
                        Map<String, Object> body = new LinkedHashMap<>();
                        boolean ready = listening.getAsBoolean();
                        Map<String, String> checks = new LinkedHashMap<>();
                        checks.put("ports", ready ? "up" : "down");
                        for (Map.Entry<String, CompletableFuture<Boolean>> result : results.entrySet()) {
                            boolean up = result.getValue().getNow(false);
                            checks.put(result.getKey(), up ? "up" : "down");
                            ready &= up;
                        }
                        // A draining node is healthy but takes no new work: the load balancer sends it none.
                        boolean drainingNow = draining.getAsBoolean();
                        body.put("status", drainingNow ? "draining" : ready ? "ready" : "not_ready");
                        body.put("checks", checks);
                        respondJson(ctx, request, ready && !drainingNow ? HttpResponseStatus.OK
                                : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
                    } finally {
                        request.release();
                    }
                }));
    }

    private void devToken(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            JsonNode body = json.readTree(new ByteBufInputStream(request.content()));
            respondJson(ctx, request, HttpResponseStatus.OK, Map.of("token", devTokens.issue(body)));
        } catch (ProtocolException e) {
            respondJson(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", e.code().wire(), "message", e.getMessage()));
        } catch (IOException e) {
            respondJson(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", "bad_request", "message", "malformed JSON"));
        }
    }

    private void devCredit(ChannelHandlerContext ctx, FullHttpRequest request) {
        JsonNode body;
        try {
            body = json.readTree(new ByteBufInputStream(request.content()));
        } catch (IOException e) {
            respondJson(ctx, request, HttpResponseStatus.BAD_REQUEST, Map.of("error", "bad_request", "message", "malformed JSON"));
            return;
        }
        request.retain();
        devCredits.credit(body).whenComplete((answer, failure) ->
                ctx.executor().execute(() -> {
                    try {
                        respondJson(ctx, request, answer.status(), answer.body());
                    } finally {
                        request.release();
                    }
                }));
    }

    /** Anything else is the web client; paths that are not files are 404 whatever the method. */
    private void staticFile(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean read) {
        Optional<StaticFiles.Content> content = files.find(path);
        if (content.isEmpty()) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", bytes("not found\n"));
        } else if (!read) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("use GET\n"));
        } else if (content.get().page()) {
            responses.sendPage(ctx, request, content.get());
        } else {
            respond(ctx, request, HttpResponseStatus.OK, content.get().contentType(), content.get().bytes());
        }
    }

    private void respondJson(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body) {
        try {
            respond(ctx, request, status, "application/json", json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a response body", e);
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                         String contentType, byte[] body) {
        responses.send(ctx, request, status, contentType, body);
    }

    private static byte[] bytes(String text) {
        return HttpResponses.bytes(text);
    }
}
