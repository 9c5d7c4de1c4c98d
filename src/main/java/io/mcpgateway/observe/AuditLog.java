package io.mcpgateway.observe;

import java.time.Clock;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.logging.LogSanitizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit stream: one JSON object per line on the logger {@code io.mcpgateway.audit}, which logback.xml writes
 * without decoration (and without the pattern sanitizer, whose rules would alter names and break JSON escaping) so
 * that a shipper can parse each line. A line carries the request id that the caller's answer and the operator log
 * lines carry too. Its fields are an allow-list: ids, names, statuses and timings, never a token or URL (of an
 * apiUrl, only its origin); values are JSON-encoded, cut to {@link #MAX_VALUE_LENGTH} characters, and configured
 * secrets are still masked. Besides what JSON demands, the encoding escapes every character
 * {@link LogSanitizer#mustEscape} names (DEL, C1 controls, line and paragraph separators, bidi controls): JSON allows
 * them raw, but a line-based reader or a terminal would not show the line as written.
 */
public final class AuditLog {

    public static final String LOGGER = "io.mcpgateway.audit";
    /** Longer values (a caller-chosen {@code sub}, say) are cut, so a line stays bounded. */
    static final int MAX_VALUE_LENGTH = 256;
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
    private static final ObjectWriter JSON =
            new ObjectMapper(new JsonFactoryBuilder().characterEscapes(new LineSafeEscapes()).build()).writer();

    /** Audit events, named as they appear in the {@code event} field. */
    public enum Event {
        SESSION_OPENED, SESSION_REUSED, SESSION_REFRESHED, SESSION_REJECTED, SESSION_CLOSED, SESSION_EXPIRED,
        SESSION_EVICTED, SESSION_REVOKED, TOOL_CALLED;

        String field() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** A line for the event; fill in its fields and {@link Line#write()} it. */
    public Line event(Event event) {
        return new Line(event);
    }

    /** One audit line under construction; null values are left out. */
    public final class Line {
        private final ObjectNode json = JsonNodeFactory.instance.objectNode();

        private Line(Event event) {
            json.put("ts", clock.instant().toString());
            json.put("event", event.field());
        }

        public Line with(String field, String value) {
            if (value != null) {
                String bounded = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
                json.put(field, LogSanitizer.maskSecrets(bounded));
            }
            return this;
        }

        public Line with(String field, long value) {
            json.put(field, value);
            return this;
        }

        public void write() {
            try {
                AUDIT.info(JSON.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an audit line of strings and numbers always encodes", e);
            }
        }
    }

    /** JSON's own escapes, plus a JSON unicode escape for each character a log line must not carry raw. */
    static final class LineSafeEscapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            ASCII[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return LogSanitizer.mustEscape(ch) ? new SerializedString(LogSanitizer.escapeControls(String.valueOf((char) ch)))
                    : null;
        }
    }
}
