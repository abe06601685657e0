package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.admin.AdminApi;
import io.livestage.signaling.admin.ApiAnswer;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;

/** Carries one HTTP request to the {@link AdminApi} and its answer back, on either port that serves it. */
final class ApiExchange {
    private final AdminApi api;
    private final ObjectMapper json;
    private final HttpResponses responses;

    ApiExchange(AdminApi api, ObjectMapper json, HttpResponses responses) {
        this.api = api;
        this.json = json;
        this.responses = responses;
    }

    void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).rawPath();
        byte[] body = ByteBufUtil.getBytes(request.content());
        request.retain();
        api.handle(request.method(), path, request.headers().get(HttpHeaderNames.AUTHORIZATION), body)
                .whenComplete((answer, failure) -> ctx.executor().execute(() -> {
                    try {
                        respond(ctx, request, answer != null ? answer : ApiAnswer.failure(failure));
                    } finally {
                        request.release();
                    }
                }));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, ApiAnswer answer) {
        try {
            responses.send(ctx, request, answer.status(), "application/json", json.writeValueAsBytes(answer.body()));
        } catch (IOException e) {
            responses.send(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "application/json",
                    HttpResponses.bytes("{\"error\":\"internal\",\"message\":\"internal error\"}"));
        }
    }
}
