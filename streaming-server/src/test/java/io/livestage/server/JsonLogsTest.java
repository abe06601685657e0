package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.logging.JsonLogLayout;
import io.livestage.server.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json}: one JSON object per line with an ISO-8601 date, and, whatever the
 * server logs while people sign in, chat and break the protocol, no token, chat text or client
 * address among them.
 */
class JsonLogsTest {
    private static final String CHAT = "my phone number is 98765 43210";

    @Test
    void aSessionsLogLinesAreJsonWithDatesAndNoTokensChatOrAddresses() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("io.livestage");
        Level before = ours.getLevel();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = jsonAppender(context, captured);
        root.addAppender(capture);
        // Everything the server logs, debug lines included.
        ours.setLevel(Level.DEBUG);
        String token;
        try (LiveStageServer server = TestServers.start(Map.of())) {
            token = TestClient.devToken(server, "logged-host", "creator", true);
            try (TestClient host = TestClient.authenticated(server, token)) {
                String roomId = host.request(TestClient.message("show.start").put("title", "Logs")).path("roomId").asText();
                host.request(TestClient.message("chat.send").put("roomId", roomId).put("text", CHAT));
                host.request(TestClient.message("media.subscribe").put("roomId", roomId));
                host.request(TestClient.message("media.answer").put("subscriptionId", "nope").put("sdp", "v=0"));
            }
        } finally {
            ours.setLevel(before);
            root.detachAppender(capture);
            capture.stop();
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 3, "the server said something: " + lines);
        for (String line : lines) {
            JsonNode event = TestClient.JSON.readTree(line);
            assertNotNull(Instant.parse(event.path("ts").asText()), line);
            assertFalse(event.path("level").asText().isEmpty(), line);
            assertFalse(line.contains(token), "a token in the log: " + line);
            assertFalse(line.contains(CHAT), "chat text in the log: " + line);
            assertFalse(line.contains("/127.0.0.1:") || line.contains("R:/"), "a client address in the log: " + line);
        }
    }

    @Test
    void theLayoutEscapesWhatWouldBreakALineAndKeepsAFailuresFirstFrames() throws Exception {
        JsonLogLayout layout = new JsonLogLayout();
        Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("test.json");
        LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "quote \" backslash \\ newline \n tab \t bell \u0007",
                new IllegalStateException("outer", new RuntimeException("inner")), null);
        event.setTimeStamp(Instant.parse("2026-12-05T10:00:00.123Z").toEpochMilli());
        String line = layout.doLayout(event);
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode parsed = TestClient.JSON.readTree(line);
        assertEquals("2026-12-05T10:00:00.123Z", parsed.path("ts").asText());
        assertEquals("WARN", parsed.path("level").asText());
        assertEquals("quote \" backslash \\ newline \n tab \t bell \u0007", parsed.path("msg").asText());
        String error = parsed.path("error").asText();
        assertTrue(error.startsWith("java.lang.IllegalStateException: outer"), error);
        assertTrue(error.contains("caused by: java.lang.RuntimeException: inner"), error);
    }

    @Test
    void useJsonSwitchesTheConsoleAppenderToJsonLines() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
        Encoder<ILoggingEvent> text = console.getEncoder();
        try {
            LogFormat.useJson();
            assertTrue(console.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping
                    && wrapping.getLayout() instanceof JsonLogLayout, "the console writes JSON lines");
            assertTrue(console.isStarted());
        } finally {
            console.stop();
            console.setEncoder(text);
            console.start();
        }
    }

    private static OutputStreamAppender<ILoggingEvent> jsonAppender(LoggerContext context, ByteArrayOutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogFormat.jsonEncoder(context));
        appender.setOutputStream(out);
        appender.start();
        return appender;
    }
}
