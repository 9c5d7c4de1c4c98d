package io.mcpgateway.testing.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.mcpgateway.testing.hostile.Endpoints.bearer;

/**
 * Session ids at and past their limits (1 to 128 characters from A-Z a-z 0-9 . _ : @ -), near copies of the victim's
 * id, and ids made of what the pattern refuses, on all four endpoints. A well-formed id is looked up (404 unknown;
 * /init validates it: 401 for the stranger's token); any other is 400 before anything else.
 */
final class SessionIdAttacks {

    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-";

    private SessionIdAttacks() {
    }

    private record Id(String name, String value, boolean wellFormed) {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("session id");
        Targets targets = endpoints.targets();
        String victimToken = bearer(targets.victim().token());
        for (Id id : ids(targets.victim().id())) {
            byte[] quoted = RawJsonObject.quoted(id.value());
            corpus.refusedWith(id.wellFormed() ? 401 : 400, "/init with " + id.name(),
                    endpoints.init().request(endpoints.init().body().with("session_id", quoted).bytes()));
            corpus.refusedWith(id.wellFormed() ? 404 : 400, "/tools/list with " + id.name(),
                    endpoints.list().request(RawJsonObject.empty().with("session_id", quoted).bytes()));
            corpus.refusedWith(id.wellFormed() ? 404 : 400, "/tools/call with " + id.name(),
                    endpoints.call().request(endpoints.call().body().with("session_id", quoted).bytes()));
            String encoded = URLEncoder.encode(id.value(), StandardCharsets.UTF_8).replace("+", "%20");
            if (id.value().matches("\\.*")) {
                // an empty id or a dot segment changes the path itself: another route, or none, answers
                corpus.refused("DELETE with " + id.name(), Endpoints.close(encoded, victimToken));
            } else {
                corpus.refusedWith(id.wellFormed() ? 404 : 400, "DELETE with " + id.name(),
                        Endpoints.close(encoded, victimToken));
            }
        }
    }

    private static List<Id> ids(String victim) {
        List<Id> ids = new ArrayList<>();
        ids.add(new Id("1 character", "a", true));
        ids.add(new Id("128 characters (the limit)", "a".repeat(128), true));
        ids.add(new Id("128 characters of every allowed kind", ALLOWED.repeat(2).substring(0, 128), true));
        ids.add(new Id("the allowed punctuation only", "._:@-", true));
        ids.add(new Id("a dot", ".", true));
        ids.add(new Id("two dots", "..", true));
        ids.add(new Id("three dots", "...", true));
        ids.add(new Id("the victim's id upper-cased", victim.toUpperCase(Locale.ROOT), true));
        ids.add(new Id("the victim's id and a dot", victim + ".", true));
        ids.add(new Id("empty", "", false));
        ids.add(new Id("129 characters", "a".repeat(129), false));
        ids.add(new Id("129 characters of every allowed kind", ALLOWED.repeat(2).substring(0, 129), false));
        ids.add(new Id("1,000 characters", "a".repeat(1_000), false));
        ids.add(new Id("the victim's id and a space", victim + " ", false));
        ids.add(new Id("the victim's id and a tab", victim + "\t", false));
        ids.add(new Id("the victim's id and a newline", victim + "\n", false));
        ids.add(new Id("the victim's id and NUL", victim + "\u0000", false));
        ids.add(new Id("the victim's id and a zero-width space", victim + "\u200b", false));
        ids.add(new Id("the victim's id after a BOM", "\ufeff" + victim, false));
        ids.add(new Id("the victim's id in fullwidth", fullwidth(victim), false));
        ids.add(new Id("the victim's id with a cyrillic a", victim.replace('a', '\u0430').replace('e', '\u0435'), false));
        ids.add(new Id("the victim's id and a slash", victim + "/", false));
        ids.add(new Id("the victim's id and a query", victim + "?x=1", false));
        ids.add(new Id("a path traversal", "../" + victim, false));
        ids.add(new Id("an encoded traversal", "%2e%2e%2f" + victim, false));
        ids.add(new Id("a backslash traversal", "..\\" + victim, false));
        ids.add(new Id("a wildcard", "*", false));
        ids.add(new Id("a SQL wildcard", "%", false));
        ids.add(new Id("a regex", ".*", false));
        ids.add(new Id("a space", " ", false));
        ids.add(new Id("an emoji", "\uD83D\uDE00", false));
        ids.add(new Id("a lone surrogate", "a\ud800", false));
        ids.add(new Id("a log injection", "a\r\n[GATEWAY] Session reused for session_id: admin", false));
        ids.add(new Id("a semicolon", "a;b", false));
        ids.add(new Id("html", "<b>", false));
        return ids;
    }

    private static String fullwidth(String ascii) {
        StringBuilder wide = new StringBuilder();
        ascii.chars().forEach(c -> wide.append(c > 0x20 && c < 0x7f ? (char) (c - 0x21 + 0xff01) : (char) c));
        return wide.toString();
    }
}
