package io.mcpgateway.testing.hostile;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.mcpgateway.testing.hostile.Bytes.concat;
import static io.mcpgateway.testing.hostile.Bytes.utf8;
import static io.mcpgateway.testing.hostile.RawJsonObject.raw;

/**
 * Each JSON endpoint's refused body, broken as JSON: truncated, with trailing data, comments, non-standard numbers
 * and literals, duplicate keys (plain and escaped), other encodings and top-level types, deep nesting and colliding
 * keys. A parser that read any of these leniently would let two components see different requests.
 */
final class MalformedJson {

    private MalformedJson() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("malformed JSON");
        for (Endpoints.JsonEndpoint endpoint : endpoints.jsonEndpoints()) {
            breakages(endpoint.body()).forEach((name, body) ->
                    corpus.refused(endpoint.name() + ", " + name, endpoint.request(body)));
            // not JSON, so a 400 before anything else looks at the request (it was once skipped and the body read)
            corpus.refusedWith(400, endpoint.name() + ", with a byte order mark", endpoint.request(
                    concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(endpoint.body().text()))));
        }
    }

    private static Map<String, byte[]> breakages(RawJsonObject object) {
        String text = object.text();
        String firstKey = object.keys().get(0);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("cut in half", utf8(text.substring(0, text.length() / 2)));
        bodies.put("without its closing brace", utf8(text.substring(0, text.length() - 1)));
        bodies.put("with an extra closing brace", utf8(text + "}"));
        bodies.put("with trailing garbage", utf8(text + "garbage"));
        bodies.put("followed by a second object", utf8(text + "{}"));
        bodies.put("followed by a NUL byte", concat(utf8(text), new byte[] {0}));
        bodies.put("with a trailing comma", utf8(text.substring(0, text.length() - 1) + ",}"));
        bodies.put("with a leading comma", utf8("{," + text.substring(1)));
        bodies.put("with a doubled comma", utf8(text.replaceFirst(",", ",,")));
        bodies.put("without a colon", utf8(text.replaceFirst(":", " ")));
        bodies.put("with an unquoted key", utf8(text.replaceFirst("\"" + firstKey + "\"", firstKey)));
        bodies.put("in single quotes", utf8(text.replace('"', '\'')));
        bodies.put("with a block comment", utf8("/* hidden */" + text));
        bodies.put("with a line comment", utf8("// hidden\n" + text));
        bodies.put("with a hash comment", utf8("# hidden\n" + text));
        for (String literal : new String[] {"NaN", "Infinity", "-Infinity", "+1", "007", "0x10", ".5", "1.", "1e",
                "undefined", "True", "nul", "'single'", "\"unterminated", "\"bad escape \\x41\"",
                "\"bad unicode \\u12G4\""}) {
            bodies.put(firstKey + " as " + literal, object.with(firstKey, raw(literal)).bytes());
        }
        bodies.put("with a 2,000-digit number", object.with(firstKey, raw("1" + "0".repeat(2_000))).bytes());
        for (String key : object.keys()) {
            bodies.put("with " + key + " twice", object.plus(key, raw("\"second\"")).bytes());
            bodies.put("with " + key + " twice, same value", object.plus(key, object.value(key)).bytes());
            bodies.put("with " + key + " twice, once escaped",
                    utf8(text.substring(0, text.length() - 1) + ",\"" + escaped(key) + "\":\"second\"}"));
            bodies.put("with " + key + " null", object.with(key, raw("null")).bytes());
        }
        for (String charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "ISO-8859-1"}) {
            bodies.put("in " + charset, text.replace("x", "\u00e9").getBytes(Charset.forName(charset)));
        }
        bodies.put("empty", new byte[0]);
        bodies.put("whitespace only", utf8(" \t\r\n "));
        for (String topLevel : new String[] {"null", "true", "0", "\"string\"", "[]", "[" + text + "]"}) {
            bodies.put("replaced by " + topLevel.substring(0, Math.min(topLevel.length(), 12)), utf8(topLevel));
        }
        bodies.put("as a string", RawJsonObject.quoted(text));
        bodies.put("inside 5,000 arrays", utf8("[".repeat(5_000) + text + "]".repeat(5_000)));
        bodies.put("inside 40 arrays", utf8("[".repeat(40) + text + "]".repeat(40)));
        bodies.put("with a value nested 33 deep", object.plus("deep", raw("[".repeat(33) + "]".repeat(33))).bytes());
        bodies.put("with 1,000 colliding keys", object.plus("pad", raw(collidingKeys(1_000))).bytes());
        return bodies;
    }

    /** Keys built from "Aa" and "BB", which have one String hash code: a parser with a weak map would slow down. */
    private static String collidingKeys(int count) {
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder();
            for (int bit = 0; bit < 10; bit++) {
                key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            keys.append(i > 0 ? "," : "").append('"').append(key).append("\":").append(i);
        }
        return keys.append('}').toString();
    }

    /** The key with its first character written as a JSON unicode escape: the same key to a parser. */
    private static String escaped(String key) {
        return "\\u" + String.format("%04x", (int) key.charAt(0)) + key.substring(1);
    }
}
