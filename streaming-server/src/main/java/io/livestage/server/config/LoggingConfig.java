package io.livestage.server.config;

/**
 * How the server logs to standard output: {@code text} for people reading a terminal, {@code json}
 * (one object per line, ISO-8601 UTC dates) for log collectors. Either way nothing of a session's
 * media, tokens, addresses or chat is logged.
 */
public record LoggingConfig(String format) {
    public static final String TEXT = "text";
    public static final String JSON = "json";

    public LoggingConfig {
        if (!TEXT.equals(format) && !JSON.equals(format)) {
            throw new IllegalArgumentException("logging.format must be 'text' or 'json', was '" + format + "'");
        }
    }

    public boolean json() {
        return JSON.equals(format);
    }
}
