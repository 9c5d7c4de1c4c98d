package io.mcpgateway.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mcpgateway.testing.hostile.Endpoints.bearer;

/**
 * Seeded random mutations of the refused requests: JSON tokens deleted, doubled, swapped or replaced by hostile ones;
 * bytes changed, inserted or deleted in the body, in header values and in the path. Each mutant's label says what was
 * done, and the seed makes the same mutants every run. The credential API's URL is never mutated: a changed port or
 * address would reach a closed port or leave the machine, which is a network failure to report, not an input to judge.
 */
final class Fuzz {

    private static final int MUTANTS_PER_KIND = 100;
    private static final Pattern JSON_TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null|[{}\\[\\]:,]");
    private static final String[] HOSTILE_TOKENS = {"NaN", "Infinity", "1e999", "-0", "\"\\ud800\"", "\"\\u0000\"",
            "\"\"", "null", "[", "]", "{", "}", ",", ":", "[[[[", "}}}}", "\"a\":", "0x1F", "'x'", "/*", "\"\u00e9\""};
    private static final byte[] HOSTILE_BYTES = {0, '\t', '\n', '\r', ' ', '"', '\\', '{', '}', '[', ']', ',', ':',
            '%', '/', '.', (byte) 0x7f, (byte) 0x80, (byte) 0xc0, (byte) 0xed, (byte) 0xfe, (byte) 0xff};

    private Fuzz() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints, Random random) {
        corpus.category("fuzz");
        String apiUrl = new String(RawJsonObject.quoted(endpoints.targets().apiUrl()), StandardCharsets.UTF_8);
        for (Endpoints.JsonEndpoint endpoint : endpoints.jsonEndpoints()) {
            String body = endpoint.body().text();
            for (int i = 0; i < MUTANTS_PER_KIND; i++) {
                List<String> done = new ArrayList<>();
                String mutant = mutateTokens(body, random, done);
                corpus.refused(endpoint.name() + " JSON mutant " + i + ": " + String.join("; ", done),
                        endpoint.request(mutant.getBytes(StandardCharsets.UTF_8)));
            }
            int protectedFrom = body.indexOf(apiUrl);
            int protectedTo = protectedFrom < 0 ? -1 : protectedFrom + apiUrl.length();
            for (int i = 0; i < MUTANTS_PER_KIND; i++) {
                List<String> done = new ArrayList<>();
                byte[] mutant = mutateBytes(body.getBytes(StandardCharsets.UTF_8), protectedFrom, protectedTo, random, done);
                corpus.refused(endpoint.name() + " byte mutant " + i + ": " + String.join("; ", done),
                        endpoint.request(mutant));
            }
        }
        String[][] headers = {{"Authorization", bearer(endpoints.targets().victim().token())},
                {"Content-Type", "application/json"}, {"X-Request-Id", "request-id-0123"}};
        for (int i = 0; i < MUTANTS_PER_KIND; i++) {
            List<String> done = new ArrayList<>();
            String[] mutated = headers[i % headers.length];
            Wire wire = Wire.request("POST", "/tools/call").body(endpoints.call().body().bytes());
            for (String[] header : headers) {
                byte[] value = Bytes.utf8(header[1]);
                wire.headerLine(Bytes.concat(Bytes.utf8(header[0] + ": "),
                        header == mutated ? mutateBytes(value, -1, -1, random, done) : value));
            }
            corpus.refused(mutated[0] + " mutant " + i + ": " + String.join("; ", done), wire);
        }
        String victimPath = "/sessions/" + endpoints.targets().victim().id();
        String otherToken = bearer(endpoints.targets().other().token());
        for (int i = 0; i < MUTANTS_PER_KIND; i++) {
            List<String> done = new ArrayList<>();
            byte[] path = mutateBytes(victimPath.getBytes(StandardCharsets.US_ASCII), -1, -1, random, done);
            corpus.refused("DELETE path mutant " + i + ": " + String.join("; ", done), Wire.line(Bytes.concat(
                    Bytes.utf8("DELETE "), path, Bytes.utf8(" HTTP/1.1"))).header("Authorization", otherToken));
        }
    }

    /** One to three token edits; {@code done} receives a description of each. */
    private static String mutateTokens(String json, Random random, List<String> done) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = JSON_TOKEN.matcher(json);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(tokens.size());
            String hostile = HOSTILE_TOKENS[random.nextInt(HOSTILE_TOKENS.length)];
            switch (random.nextInt(4)) {
                case 0 -> done.add("deleted " + shorten(tokens.remove(at)));
                case 1 -> {
                    tokens.add(at, tokens.get(at));
                    done.add("doubled " + shorten(tokens.get(at)));
                }
                case 2 -> done.add("replaced " + shorten(tokens.set(at, hostile)) + " by " + hostile);
                default -> {
                    tokens.add(at, hostile);
                    done.add("inserted " + hostile + " at " + at);
                }
            }
            if (tokens.isEmpty()) {
                tokens.add(hostile);
            }
        }
        return String.join("", tokens);
    }

    /** One to three byte edits, none inside [protectedFrom, protectedTo); {@code done} receives a description of each. */
    private static byte[] mutateBytes(byte[] bytes, int protectedFrom, int protectedTo, Random random, List<String> done) {
        List<Byte> edited = new ArrayList<>();
        for (byte b : bytes) {
            edited.add(b);
        }
        int from = protectedFrom;
        int to = protectedTo;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(edited.size());
            byte hostile = random.nextBoolean() ? HOSTILE_BYTES[random.nextInt(HOSTILE_BYTES.length)]
                    : (byte) random.nextInt(256);
            boolean inProtected = at >= from && at < to;
            int kind = inProtected ? 2 : random.nextInt(3);
            if (inProtected) {
                at = from; // an insertion just before the protected part
            }
            switch (kind) {
                case 0 -> done.add(String.format("byte %d (0x%02x) set to 0x%02x", at, edited.set(at, hostile), hostile));
                case 1 -> done.add(String.format("byte %d (0x%02x) deleted", at, edited.remove(at)));
                default -> {
                    edited.add(at, hostile);
                    done.add(String.format("0x%02x inserted at %d", hostile, at));
                }
            }
            int moved = kind == 1 ? -1 : kind == 2 ? 1 : 0;
            if (from >= 0 && at <= from) {
                from += moved;
                to += moved;
            }
            if (edited.isEmpty()) {
                edited.add(hostile);
            }
        }
        byte[] result = new byte[edited.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = edited.get(i);
        }
        return result;
    }

    private static String shorten(String token) {
        return token.length() > 20 ? token.substring(0, 17) + "..." : token;
    }
}
