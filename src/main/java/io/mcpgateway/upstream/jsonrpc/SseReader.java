package io.mcpgateway.upstream.jsonrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the HTML living standard defines it: lines end in CRLF, LF or CR; a blank line
 * dispatches the event; lines starting with ":" are comments (keep-alives); {@code data} lines accumulate; an
 * {@code id} containing NUL is ignored; an event cut off by the end of the stream is discarded. Lines are bounded,
 * so a hostile stream cannot grow one without end.
 */
public final class SseReader {

    private final PushbackInputStream in;
    private final int maxLineBytes;

    public SseReader(InputStream in, int maxLineBytes) {
        this.in = new PushbackInputStream(in, 1);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next complete event, or empty at the end of the stream. */
    public Optional<SseEvent> next() throws IOException {
        StringBuilder data = null;
        String id = null;
        String event = null;
        Long retry = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null || id != null || retry != null) {
                    return Optional.of(new SseEvent(id, event, data == null ? "" : data.toString(), retry));
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> id = value.indexOf('\0') >= 0 ? id : value;
                case "event" -> event = value;
                case "retry" -> retry = value.matches("[0-9]{1,9}") ? Long.valueOf(value) : retry;
                default -> { } // unknown fields are ignored
            }
        }
        return Optional.empty();
    }

    private String readLine() throws IOException {
        byte[] buffer = new byte[128];
        int length = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return new String(buffer, 0, length, StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                int following = in.read();
                if (following != '\n' && following != -1) {
                    in.unread(following);
                }
                return new String(buffer, 0, length, StandardCharsets.UTF_8);
            }
            if (length == maxLineBytes) {
                throw new IOException("event stream line longer than " + maxLineBytes + " bytes");
            }
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLineBytes));
            }
            buffer[length++] = (byte) b;
        }
        return null; // a line without its end belongs to an event the stream cut off
    }
}
