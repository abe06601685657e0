package io.livestage.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to JSON lines ({@code logging.format: json}) at start, in place of the
 * text pattern logback.xml sets: the same appender and levels, another layout.
 */
public final class LogFormat {
    private LogFormat() {
    }

    public static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("JSON logs need Logback behind SLF4J");
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender("console");
        if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) {
            throw new IllegalStateException("logback.xml has no console appender to switch to JSON");
        }
        console.stop();
        console.setEncoder(jsonEncoder(context));
        console.start();
    }

    /** An encoder writing events as {@link JsonLogLayout} lines, started. */
    public static LayoutWrappingEncoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
