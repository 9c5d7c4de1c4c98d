package io.mcpgateway.upstream.jsonrpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the HTML living standard defines it: an initial byte-order mark is skipped;
 * lines end in CRLF, LF or CR; a blank line ends a block; lines starting with ":" are comments (keep-alives);
 * {@code data} lines accumulate; an {@code id} containing NUL is ignored; a block cut off by the end of the stream is
 * discarded. One deviation: a block that carries an id but no data is returned too (as an event with empty data),
 * since that is how a server primes a resumable stream. Lines and events are bounded, and a CR is never followed by
 * a read-ahead, so a server that ends a message with a bare CR and then waits is not waited for in turn.
 */
public final class SseReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final int maxEventBytes;
    private boolean skipLineFeed;
    private boolean started;

    public SseReader(InputStream in, int maxLineBytes, int maxEventBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxEventBytes = maxEventBytes;
    }

    /** The next event, or empty at the end of the stream. */
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
                event = null; // an undispatched block leaves nothing behind
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
                case "data" -> {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    if (data.length() > maxEventBytes) {
                        throw new IOException("event stream event larger than " + maxEventBytes + " bytes");
                    }
                }
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
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF whose CR already ended the line
                }
            }
            if (b == '\n' || b == '\r') {
                skipLineFeed = b == '\r';
                return decode(buffer, length);
            }
            if (length == maxLineBytes) {
                throw new IOException("event stream line longer than " + maxLineBytes + " bytes");
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLineBytes));
            }
            buffer[length++] = (byte) b;
        }
        return null; // a line without its end belongs to a block the stream cut off
    }

    private String decode(byte[] buffer, int length) {
        int offset = 0;
        if (!started) {
            started = true;
            if (length >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
                offset = 3;
            }
        }
        return new String(buffer, offset, length - offset, StandardCharsets.UTF_8);
    }
}
