package io.mcpgateway.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.mcpgateway.testing.hostile.Endpoints.bearer;

/**
 * Request targets next to the real ones: unknown paths, case and slash variants, traversal (plain, encoded, double
 * encoded), bad escapes, raw bytes, the management paths (on their own port only), absolute and asterisk forms, and
 * long URLs (up to what the server refuses as too long, 414).
 */
final class OddPaths {

    private OddPaths() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("odd path");
        Map<String, byte[]> targets = new LinkedHashMap<>();
        for (String target : new String[] {"/", "//", "//init", "///init", "/init/", "/init//", "/INIT", "/Init",
                "/init;", "/init;jsessionid=1", "/init%00", "/init%2f", "/init%2F..%2F", "/init/..", "/init/../init",
                "/./init", "/init/.", "/init.json", "/init~", "/tools", "/tools/", "/tools/CALL", "/tools/call/",
                "/tools/call/x", "/tools//call", "/tools/%2e%2e/init", "/tools/..%2finit", "/tools/call%20",
                "/tools/call%09", "/tools/call%0d%0aX-Injected:%20yes", "/%2e%2e/%2e%2e/etc/passwd",
                "/..%2f..%2fetc%2fpasswd", "/%252e%252e/init", "/..;/init", "/%c0%ae%c0%ae/init", "/%u002e%u002e/init",
                "/sessions", "/sessions/", "/sessions//", "/sessions/a/b", "/sessions/%2e%2e", "/sessions/..",
                "/sessions/../init", "/sessions/%00", "/sessions/%", "/sessions/%zz", "/sessions/%u0041",
                "/observe/health", "/observe/health/ready", "/observe/metrics", "/q/health", "/actuator/env",
                "/demo/api/settings/validate", "/settings/validate", "/mcp", "/.env", "/WEB-INF/web.xml",
                "/favicon.ico", "/%zz", "/%", "/%ff%fe", "/%C3%A9", "/init?session_id=x&apiUrl=y&jwtToken=z",
                "/init?" + "a".repeat(3_000), "/init#fragment", "/" + "a".repeat(4_000), "/" + "a".repeat(5_000),
                "/" + "a".repeat(100_000), "/init" + "/.".repeat(1_000), "/" + "%2e%2e/".repeat(500), "*", "init",
                "tools/call", "http://evil.example/init", "http://127.0.0.1/tools/call", "HTTP://x/../init",
                "\\init", "/init\\..\\", "/init%5c..%5c"}) {
            targets.put(target, target.getBytes(StandardCharsets.UTF_8));
        }
        targets.put("/ + raw bytes FF FE", new byte[] {'/', (byte) 0xff, (byte) 0xfe});
        targets.put("/ + raw UTF-8 e-acute", "/\u00e9".getBytes(StandardCharsets.UTF_8));
        targets.put("/sessions/ + raw NUL", new byte[] {'/', 's', 'e', 's', 's', 'i', 'o', 'n', 's', '/', 'a', 0});

        byte[] initBody = endpoints.init().body().bytes();
        String otherToken = bearer(endpoints.targets().other().token());
        targets.forEach((name, target) -> {
            corpus.refused("POST " + name, Wire.line(requestLine("POST", target)).json(initBody));
            corpus.refused("DELETE " + name, Wire.line(requestLine("DELETE", target)).header("Authorization", otherToken));
        });
    }

    private static byte[] requestLine(String method, byte[] target) {
        byte[] start = (method + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] end = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[start.length + target.length + end.length];
        System.arraycopy(start, 0, line, 0, start.length);
        System.arraycopy(target, 0, line, start.length, target.length);
        System.arraycopy(end, 0, line, start.length + target.length, end.length);
        return line;
    }
}
