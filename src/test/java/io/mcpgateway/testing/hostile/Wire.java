package io.mcpgateway.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request as the bytes a client writes, malformed parts included. Unless told otherwise it carries a
 * {@code Host}, {@code Connection: close} (one request per connection) and a {@code Content-Length} that matches its
 * body; header values are written as UTF-8, whatever they contain.
 */
public final class Wire {

    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] requestLine;
    private byte[] exactly;
    private final List<byte[]> headerLines = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean host = true;
    private boolean close = true;
    private boolean contentLength = true;

    private Wire(byte[] requestLine) {
        this.requestLine = requestLine;
    }

    public static Wire request(String method, String target) {
        return line(method + " " + target + " HTTP/1.1");
    }

    /** A request line written as it is: any method, target or version, or no valid line at all. */
    public static Wire line(String requestLine) {
        return line(Bytes.utf8(requestLine));
    }

    public static Wire line(byte[] requestLine) {
        return new Wire(requestLine);
    }

    /** These bytes and nothing else: several requests, or none that HTTP knows. */
    public static Wire exactly(byte[] bytes) {
        Wire wire = new Wire(bytes);
        wire.exactly = bytes;
        return wire;
    }

    public Wire header(String name, String value) {
        return headerLine(Bytes.utf8(name + ": " + value));
    }

    public Wire headerLine(byte[] line) {
        headerLines.add(line);
        return this;
    }

    /** {@code Content-Type: application/json} and the body. */
    public Wire json(byte[] json) {
        return header("Content-Type", "application/json").body(json);
    }

    public Wire body(byte[] bytes) {
        body = bytes;
        return this;
    }

    public Wire withoutHost() {
        host = false;
        return this;
    }

    public Wire keepAlive() {
        close = false;
        return this;
    }

    /** The body's framing is the caller's: no Content-Length is added. */
    public Wire framedByHeaders() {
        contentLength = false;
        return this;
    }

    public byte[] bytes() {
        if (exactly != null) {
            return exactly.clone();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(requestLine);
        out.writeBytes(CRLF);
        if (host) {
            out.writeBytes(Bytes.utf8("Host: gateway.test\r\n"));
        }
        if (close) {
            out.writeBytes(Bytes.utf8("Connection: close\r\n"));
        }
        headerLines.forEach(line -> {
            out.writeBytes(line);
            out.writeBytes(CRLF);
        });
        if (contentLength) {
            out.writeBytes(Bytes.utf8("Content-Length: " + body.length + "\r\n"));
        }
        out.writeBytes(CRLF);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
