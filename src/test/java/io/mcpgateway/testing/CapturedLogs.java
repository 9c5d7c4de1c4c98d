package io.mcpgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A logback appender (see logback-test.xml) that keeps every formatted line in memory, with the production pattern
 * and its sanitizing converters, so tests can assert on exactly what an operator would read.
 */
public class CapturedLogs extends OutputStreamAppender<ILoggingEvent> {

    private static final ByteArrayOutputStream LINES = new ByteArrayOutputStream();
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * The captured text with the audit stream's {@code api_origin} values left out: they name the host of a caller's
     * apiUrl by design (scheme, host and port only), which leak checks otherwise look for everywhere.
     */
    public static String textOutsideApiOrigins() {
        return text().replaceAll("\"api_origin\":\"[a-z]+://[^\"/?#@]*\"", "\"api_origin\":\"\"");
    }

    /** The audit lines captured so far for the session, parsed, in order. */
    public static List<JsonNode> auditLines(String sessionId) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text().lines().filter(l -> l.startsWith("{\"ts\"")).toList()) {
            try {
                JsonNode json = JSON.readTree(line);
                if (json.path("session_id").asText().equals(sessionId)) {
                    lines.add(json);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    public static void clear() {
        synchronized (LINES) {
            LINES.reset();
        }
    }
}
