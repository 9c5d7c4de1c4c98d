package io.mcpgateway.testing.hostile;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.mcpgateway.testing.TestTokens.part;

/**
 * jwtToken values a forger tries: unsigned (alg none in any spelling), headers and claims that are not JSON objects,
 * time claims of every wrong type and range, odd subjects, duplicate claims, deep or huge claims, and strings that
 * are only shaped like a JWT. Each is refused (401) for a new session, and for the victim's session; and the other
 * user's real token cannot take the victim's session over (409).
 */
final class JwtAttacks {

    private static final String HEADER = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    private static final String SIGNATURE = "c2lnbmF0dXJl";

    private JwtAttacks() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("JWT");
        Targets targets = endpoints.targets();
        Endpoints.JsonEndpoint init = endpoints.init();
        RawJsonObject takeover = init.body().with("session_id", targets.victim().id());
        tokens().forEach((name, token) -> {
            corpus.refusedWith(401, "new session, " + name, init.request(init.body().with("jwtToken", token).bytes()));
            corpus.refusedWith(401, "the victim's session, " + name,
                    init.request(takeover.with("jwtToken", token).bytes()));
        });
        corpus.refusedWith(409, "the victim's session with the other user's accepted token",
                init.request(takeover.with("jwtToken", targets.other().token()).bytes()));
        corpus.refusedWith(409, "the victim's session with its own token but a new apiUrl",
                init.request(takeover.with("jwtToken", targets.victim().token())
                        .with("apiUrl", targets.apiUrl().replace("127.0.0.1", "localhost")).bytes()));
    }

    private static Map<String, String> tokens() {
        long hourAgo = Instant.now().minusSeconds(3_600).getEpochSecond();
        long inAnHour = Instant.now().plusSeconds(3_600).getEpochSecond();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
            tokens.put("alg " + alg, part("{\"alg\":\"" + alg + "\"}") + "." + part("{\"sub\":\"victim\"}") + ".");
            tokens.put("alg " + alg + " with a signature", part("{\"alg\":\"" + alg + "\"}") + "."
                    + part("{\"sub\":\"victim\"}") + "." + SIGNATURE);
        }
        for (String alg : new String[] {"", " ", "null", "1", "[\"HS256\"]", "{\"name\":\"HS256\"}", "true"}) {
            tokens.put("alg " + alg, part("{\"alg\":" + (alg.isBlank() ? "\"" + alg + "\"" : alg) + "}") + "."
                    + part("{\"sub\":\"victim\"}") + "." + SIGNATURE);
        }
        tokens.put("no alg", part("{\"typ\":\"JWT\"}") + "." + part("{\"sub\":\"victim\"}") + "." + SIGNATURE);
        for (String header : new String[] {"garbage", "[\"HS256\"]", "\"HS256\"", " {\"alg\":\"HS256\"}",
                "\ufeff{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\"", "{\"alg\":\"HS256\"}{}"}) {
            tokens.put("header " + header, part(header) + "." + part("{\"sub\":\"victim\"}") + "." + SIGNATURE);
        }
        for (String claims : new String[] {"garbage", "[]", "\"victim\"", "42", "null", " {\"sub\":\"victim\"}",
                "{\"sub\":\"victim\""}) {
            tokens.put("claims " + claims, HEADER + "." + part(claims) + "." + SIGNATURE);
        }
        for (String exp : new String[] {"\"" + inAnHour + "\"", "true", "null", "[" + inAnHour + "]", "{}",
                String.valueOf(hourAgo), "-1", "0", "1.5", "-1e999", "-99999999999999999999999999"}) {
            tokens.put("exp " + exp, HEADER + "." + part("{\"sub\":\"victim\",\"exp\":" + exp + "}") + "." + SIGNATURE);
        }
        for (String nbf : new String[] {"\"0\"", String.valueOf(inAnHour), "1e999", "99999999999999999999999999"}) {
            tokens.put("nbf " + nbf, HEADER + "." + part("{\"sub\":\"victim\",\"nbf\":" + nbf + "}") + "." + SIGNATURE);
        }
        for (String sub : new String[] {"42", "{\"id\":\"victim\"}", "[\"victim\"]", "\"\"", "null",
                "\"vict\\u0000im\"", "\"victim\\r\\n[GATEWAY] forged line\"", "\"\\u0430dmin\"",
                "\"" + "s".repeat(9_000) + "\""}) {
            tokens.put("sub " + sub, HEADER + "." + part("{\"sub\":" + sub + "}") + "." + SIGNATURE);
        }
        tokens.put("sub twice", HEADER + "." + part("{\"sub\":\"nobody\",\"sub\":\"victim\"}") + "." + SIGNATURE);
        tokens.put("claims nested 1,500 deep", HEADER + "." + part("{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500))
                + "." + SIGNATURE);
        tokens.put("claims of 10 KB", HEADER + "." + part("{\"sub\":\"victim\",\"pad\":\"" + "p".repeat(7_500) + "\"}")
                + "." + SIGNATURE);
        byte[] notUtf8 = {'{', '"', 's', 'u', 'b', '"', ':', '"', (byte) 0xff, '"', '}'};
        tokens.put("claims not UTF-8", HEADER + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(notUtf8)
                + "." + SIGNATURE);
        String valid = HEADER + "." + part("{\"sub\":\"victim\"}") + "." + SIGNATURE;
        tokens.put("two parts", HEADER + "." + part("{\"sub\":\"victim\"}"));
        tokens.put("four parts", valid + "." + SIGNATURE);
        tokens.put("five parts (JWE-shaped)", valid + ".a.b");
        tokens.put("one part", HEADER);
        tokens.put("empty parts", "..");
        tokens.put("padding", valid + "==");
        tokens.put("standard base64 characters", valid.replace('-', '+').replace('_', '/') + "+/");
        tokens.put("a space inside", valid.replace(".", ". "));
        tokens.put("a newline inside", valid.replace(".", ".\n"));
        tokens.put("percent-encoded dots", valid.replace(".", "%2e"));
        tokens.put("a part of one character", HEADER + ".e." + SIGNATURE);
        tokens.put("non-ASCII inside", valid + "\u00e9");
        tokens.put("prefixed with Bearer", "Bearer " + valid);
        tokens.put("a well-formed token nobody accepts", valid);
        return tokens;
    }
}
