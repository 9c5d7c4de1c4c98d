package io.mcpgateway.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static io.mcpgateway.testing.hostile.Bytes.concat;
import static io.mcpgateway.testing.hostile.Bytes.utf8;

/**
 * Requests that break HTTP/1.1 itself: malformed request lines and header lines, contradictory or impossible body
 * lengths (the request smuggling shapes), odd transfer codings, and bytes that are no HTTP at all. The HTTP server
 * answers most of these itself, before any route runs. A chunked body whose chunk sizes are garbage is the one kind
 * the server may answer by closing the connection: where such a request ends cannot be known.
 * <p>
 * Left out, as they are no input for an HTTP/1.1 server to judge: a well-formed but unknown protocol version (Vert.x
 * answers 501 before any handler of the gateway runs) and an upgrade to h2c (Vert.x switches to HTTP/2 and waits for
 * the client's preface).
 */
final class ProtocolViolations {

    private ProtocolViolations() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints, Random random) {
        corpus.category("protocol violation");
        byte[] body = endpoints.init().body().bytes();
        requestLines(corpus, body);
        headerLines(corpus, body);
        bodyLengths(corpus, endpoints, body);
        notHttp(corpus, random);
    }

    private static void requestLines(Corpus corpus, byte[] body) {
        String[] lines = {"GARBAGE", "POST", "POST /init", "POST  /init  HTTP/1.1", "POST\t/init\tHTTP/1.1",
                "POST /init HTTP/1.1 extra", " POST /init HTTP/1.1", "POST /init HTTP/1.0", "POST /init HTTP/1",
                "POST /init HTTP/x.y", "POST /init HTTP/1.1\u0000", "PO\u0000ST /init HTTP/1.1",
                "POST /in it HTTP/1.1", "\u00e9 /init HTTP/1.1", "P\u00d6ST /init HTTP/1.1",
                "POST " + "/init".repeat(1_000) + " HTTP/1.1", "POST".repeat(2_000) + " /init HTTP/1.1"};
        for (String line : lines) {
            corpus.refused("request line '" + line + "'", Wire.line(line).json(body));
        }
        corpus.refused("HTTP/1.0 without a Host", Wire.line("POST /init HTTP/1.0").withoutHost().json(body));
        corpus.refused("HTTP/1.1 without a Host", Wire.request("POST", "/init").withoutHost().json(body));
        corpus.refused("lines ending in LF only", Wire.exactly(utf8("POST /init HTTP/1.1\nHost: gateway.test\n"
                + "Connection: close\nContent-Type: application/json\nContent-Length: " + body.length + "\n\n"
                + new String(body, StandardCharsets.UTF_8))));
    }

    private static void headerLines(Corpus corpus, byte[] body) {
        String[][] lines = {{"header without a colon", "X-No-Colon"}, {"header name with a space", "X Bad: 1"},
                {"empty header name", ": 1"}, {"space before the colon", "Content-Type : application/json"},
                {"obsolete line folding", "X-Folded: a\r\n b"}, {"bare CR in a value", "X-Bare: a\rb"},
                {"NUL in a value", "X-Nul: a\u0000b"}, {"NUL in a name", "X-\u0000: a"},
                {"control character in a name", "X-\u0001: a"}, {"DEL in a name", "X-\u007f: a"},
                {"non-ASCII name", "X-\u00e9: a"}, {"name of 10,000 characters", "X-" + "n".repeat(10_000) + ": a"},
                {"value of 64 KiB", "X-Big: " + "v".repeat(64 * 1024)},
                {"value just over 8 KiB", "X-Big: " + "v".repeat(8 * 1024 + 1)},
                {"request split by CRLF CRLF in a value", "X-Split: a\r\n\r\nGET /nowhere HTTP/1.1"}};
        for (String[] line : lines) {
            corpus.refused(line[0], Wire.request("POST", "/init").header("Content-Type", "application/json")
                    .headerLine(utf8(line[1])).body(body));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            many.append("X-Many-").append(i).append(": ").append(i).append(i < 1_999 ? "\r\n" : "");
        }
        corpus.refused("2,000 headers", Wire.request("POST", "/init").headerLine(utf8(many.toString())).json(body));
    }

    private static void bodyLengths(Corpus corpus, Endpoints endpoints, byte[] body) {
        String length = String.valueOf(body.length);
        String[][] contentLengths = {{"two different Content-Lengths", length, String.valueOf(body.length - 1)},
                {"two equal Content-Lengths", length, length},
                {"Content-Length listed twice in one", length + ", " + length},
                {"negative Content-Length", "-1"}, {"Content-Length with a plus sign", "+" + length},
                {"Content-Length in hex", "0x" + Integer.toHexString(body.length)},
                {"Content-Length with letters", length + "abc"}, {"Content-Length of 20 digits", "99999999999999999999"},
                {"Content-Length over the server limit", "67108864"}, {"empty Content-Length", ""}};
        for (String[] variant : contentLengths) {
            Wire wire = Wire.request("POST", "/init").header("Content-Type", "application/json").framedByHeaders();
            for (int i = 1; i < variant.length; i++) {
                wire.header("Content-Length", variant[i]);
            }
            corpus.refused(variant[0], wire.body(body));
        }

        String chunked = Integer.toHexString(body.length) + "\r\n" + new String(body, StandardCharsets.UTF_8)
                + "\r\n0\r\n\r\n";
        corpus.refused("Content-Length and chunked", chunkedInit("chunked")
                .header("Content-Length", "3").body(utf8(chunked)));
        corpus.refused("chunked named twice", chunkedInit("chunked").header("Transfer-Encoding", "chunked")
                .body(utf8(chunked)));
        for (String coding : new String[] {"chunked, identity", "gzip, chunked", "xchunked", " chunked", "CHUNKED",
                "chunked;q=1", "identity", "gzip", "compress", "deflate, br"}) {
            corpus.refused("Transfer-Encoding '" + coding + "'", chunkedInit(coding).body(utf8(chunked)));
        }
        corpus.refused("chunked with extensions",
                chunkedInit("chunked").body(utf8(chunked.replaceFirst("\r\n", ";ext=1;q=\"a\"\r\n"))));
        corpus.refused("chunked with a trailer",
                chunkedInit("chunked").body(utf8(chunked.substring(0, chunked.length() - 2) + "X-Injected: yes\r\n\r\n")));
        corpus.refused("chunked in many 1-byte chunks", chunkedInit("chunked").body(oneByteChunks(body)));
        corpus.framingBroken("chunk size that is not hex", chunkedInit("chunked").body(utf8("zz\r\n{}\r\n0\r\n\r\n")));
        corpus.framingBroken("negative chunk size", chunkedInit("chunked").body(utf8("-5\r\n{}\r\n0\r\n\r\n")));
        corpus.framingBroken("chunk size beyond 64 bits",
                chunkedInit("chunked").body(utf8("1ffffffffffffffff\r\n{}\r\n0\r\n\r\n")));
        corpus.framingBroken("chunk longer than its size", chunkedInit("chunked").body(utf8("1\r\n{}}}\r\n0\r\n\r\n")));

        corpus.refused("Expect: 100-continue", Wire.request("POST", "/init").header("Expect", "100-continue").json(body));
        corpus.refused("Expect: something else", Wire.request("POST", "/init").header("Expect", "teapot").json(body));
        corpus.refused("Upgrade to websocket", Wire.request("POST", "/init").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13")
                .header("Connection", "Upgrade").json(body));
        corpus.refused("a second request pipelined behind the first", Wire.exactly(concat(
                Wire.request("POST", "/init").keepAlive().json(body).bytes(), endpoints.closeVictim().bytes())));
        corpus.refused("keep-alive, then nothing more", Wire.request("POST", "/init").keepAlive().json(body));
    }

    private static void notHttp(Corpus corpus, Random random) {
        byte[] noise = new byte[1024];
        random.nextBytes(noise);
        corpus.refused("1 KiB of random bytes", Wire.exactly(concat(noise, utf8("\r\n\r\n"))));
        corpus.refused("1 KiB of NUL bytes before the request", Wire.exactly(concat(new byte[1024],
                Wire.request("POST", "/init").json(utf8("{}")).bytes())));
        byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        // a real TLS client would now wait for the server's hello; the line end makes this one a request to refuse
        corpus.refused("a TLS ClientHello on the plain port",
                Wire.exactly(concat(clientHello, new byte[64], utf8("\r\n\r\n"))));
    }

    private static Wire chunkedInit(String transferEncoding) {
        return Wire.request("POST", "/init").header("Content-Type", "application/json")
                .header("Transfer-Encoding", transferEncoding).framedByHeaders();
    }

    private static byte[] oneByteChunks(byte[] body) {
        StringBuilder chunks = new StringBuilder();
        for (byte b : body) {
            chunks.append("1\r\n").append((char) b).append("\r\n");
        }
        return utf8(chunks.append("0\r\n\r\n").toString());
    }
}
