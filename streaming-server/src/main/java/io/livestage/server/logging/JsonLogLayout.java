package io.livestage.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One log event as one line of JSON: {@code ts} (ISO-8601, UTC, milliseconds), {@code level},
 * {@code logger}, {@code thread}, {@code msg} and, for a failure, {@code error} (its class,
 * message and first frames, causes included). What goes in is what the code logs, which never
 * includes tokens, client addresses, chat text or media.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    /** Enough of a stack to find the line; a collector is no place for hundreds of frames. */
    static final int MAX_FRAMES = 12;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "ts", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())));
        field(json.append(','), "level", event.getLevel().toString());
        field(json.append(','), "logger", event.getLoggerName());
        field(json.append(','), "thread", event.getThreadName());
        field(json.append(','), "msg", event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            field(json.append(','), "error", describe(event.getThrowableProxy()));
        }
        return json.append("}\n").toString();
    }

    private static String describe(IThrowableProxy error) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy cause = error; cause != null; cause = cause.getCause()) {
            if (cause != error) {
                text.append("\ncaused by: ");
            }
            text.append(cause.getClassName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            StackTraceElementProxy[] frames = cause.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                text.append("\n\tat ").append(frames[i].getStackTraceElement());
            }
        }
        return text.toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
