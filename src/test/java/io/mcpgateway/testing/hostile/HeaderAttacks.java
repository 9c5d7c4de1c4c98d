package io.mcpgateway.testing.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.mcpgateway.testing.hostile.Bytes.utf8;

/**
 * Headers around each endpoint's refused request: content types (missing, wrong, doubled, with odd charsets), request
 * ids made to inject into logs or answers, oversized and repeated headers, spoofed client addresses and hosts, and
 * header values carrying CR, LF, NUL or bytes that are not ASCII. None may change the answer into a success, and
 * nothing of them may come back in the answer.
 */
final class HeaderAttacks {

    private HeaderAttacks() {
    }

    private record Variant(String name, UnaryOperator<Wire> headers) {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("headers");
        for (Endpoints.JsonEndpoint endpoint : endpoints.jsonEndpoints()) {
            byte[] body = endpoint.body().bytes();
            for (String contentType : CONTENT_TYPES) {
                corpus.refused(endpoint.name() + " with Content-Type '" + contentType + "'",
                        endpoint.withoutContentType(body).header("Content-Type", contentType));
            }
            corpus.refused(endpoint.name() + " without a Content-Type", endpoint.withoutContentType(body));
            corpus.refused(endpoint.name() + " with Content-Types json then text",
                    endpoint.request(body).header("Content-Type", "text/plain"));
            corpus.refused(endpoint.name() + " with Content-Types text then json",
                    endpoint.withoutContentType(body).header("Content-Type", "text/plain")
                            .header("Content-Type", "application/json"));
            for (Variant variant : variants()) {
                corpus.refused(endpoint.name() + " with " + variant.name(), variant.headers().apply(endpoint.request()));
            }
        }
        for (Variant variant : variants()) {
            corpus.refused("DELETE /sessions/{victim} with " + variant.name(),
                    variant.headers().apply(endpoints.closeVictim()));
        }
    }

    private static final List<String> CONTENT_TYPES = List.of("", "text/plain", "text/json", "application/jsonx",
            "application/json-patch+json", "application/ld+json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/xml", "application/json, text/plain", "*/*",
            "application/*", "application/json;", "application/json; charset=utf-16", "application/json; charset=bogus",
            "application/json; charset=\"utf-8", "application/json; charset=utf-8; charset=latin1",
            "APPLICATION/JSON; CHARSET=UTF-8", " application/json ", "application/json\u00a0", "application/\u0458son",
            "application/json\u0000", "application/json\u000b");

    private static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (String requestId : new String[] {"", "short", "a".repeat(65), "with space inside", "semi;colon-id",
                "crlf%0d%0aX-Injected:%20yes", "../../../etc/passwd", "<script>alert(1)</script>",
                "\u00e9t\u00e9-request-id",
                "${jndi:ldap://127.0.0.1:1389/a}", "a".repeat(10_000), "id\u0001with-control", "id\u007fwith-del"}) {
            variants.add(header("X-Request-Id '" + requestId + "'", "X-Request-Id", requestId));
        }
        variants.add(new Variant("two X-Request-Ids", w -> w.header("X-Request-Id", "first-request-id")
                .header("X-Request-Id", "second-request-id")));
        variants.add(new Variant("an X-Request-Id split by CRLF", w -> w.headerLine(
                utf8("X-Request-Id: abcdefgh\r\nX-Injected: yes"))));
        variants.add(header("a 64 KiB header", "X-Big", "b".repeat(64 * 1024)));
        variants.add(header("a 7 KiB cookie", "Cookie", "session=" + "c".repeat(7 * 1024)));
        variants.add(header("a spoofed X-Forwarded-For", "X-Forwarded-For", "203.0.113.7, 127.0.0.1"));
        variants.add(header("a spoofed Forwarded", "Forwarded", "for=203.0.113.7;host=evil.example;proto=https"));
        variants.add(header("a spoofed X-Real-IP", "X-Real-IP", "203.0.113.7"));
        variants.add(header("a spoofed X-Forwarded-Host", "X-Forwarded-Host", "evil.example"));
        variants.add(header("Origin of another site", "Origin", "https://evil.example"));
        variants.add(header("Content-Encoding gzip on a plain body", "Content-Encoding", "gzip"));
        variants.add(header("Accept-Encoding gzip", "Accept-Encoding", "gzip, deflate, br"));
        variants.add(header("Accept text/html only", "Accept", "text/html"));
        variants.add(header("Range", "Range", "bytes=0-1"));
        variants.add(header("Max-Forwards 0", "Max-Forwards", "0"));
        variants.add(header("Proxy-Authorization", "Proxy-Authorization", "Basic YWRtaW46YWRtaW4="));
        variants.add(header("Mcp-Session-Id of its own", "Mcp-Session-Id", "attacker-chosen-upstream-session"));
        variants.add(header("MCP-Protocol-Version of its own", "MCP-Protocol-Version", "1999-01-01"));
        variants.add(header("a forged signature header", "X-Signature", "v1=00"));
        variants.add(header("X-User-Api-Url of its own", "X-User-Api-Url", "http://169.254.169.254/"));
        variants.add(new Variant("a second Host", w -> w.header("Host", "evil.example")));
        variants.add(header("a value with NUL", "X-Odd", "a\u0000b"));
        variants.add(header("a value with a bare LF", "X-Odd", "a\nb"));
        variants.add(header("a value with C1 controls", "X-Odd", "a\u0085\u009bb"));
        variants.add(new Variant("a value of Latin-1 bytes", w -> w.headerLine(new byte[] {'X', '-', 'O', ':', ' ',
                (byte) 0xe9, (byte) 0xff})));
        return variants;
    }

    private static Variant header(String name, String header, String value) {
        return new Variant(name, w -> w.header(header, value));
    }
}
