package io.mcpgateway.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * A logback appender (see logback-test.xml) that keeps every formatted line in memory, with the production pattern
 * and its sanitizing converters, so tests can assert on exactly what an operator would read.
 */
public class CapturedLogs extends OutputStreamAppender<ILoggingEvent> {

    private static final ByteArrayOutputStream LINES = new ByteArrayOutputStream();

    @Override
    public void start() {
        setOutputStream(LINES);
        super.start();
    }

    public static String text() {
        synchronized (LINES) {
            return LINES.toString(StandardCharsets.UTF_8);
        }
    }

    public static void clear() {
        synchronized (LINES) {
            LINES.reset();
        }
    }
}
