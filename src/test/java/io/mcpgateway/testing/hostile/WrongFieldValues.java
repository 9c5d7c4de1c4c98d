package io.mcpgateway.testing.hostile;

import java.util.List;

import static io.mcpgateway.testing.hostile.RawJsonObject.raw;

/**
 * Every field of every JSON endpoint, one at a time, given each hostile value (wrong types, odd strings, bytes that
 * are not UTF-8) in its otherwise refused body. A field that takes any string (a list cursor, the echo tool's text)
 * gets only the values that are no string, so that the request stays a refusal.
 */
final class WrongFieldValues {

    private WrongFieldValues() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("wrong field value");
        List<Fragment> notStrings = HostileValues.concat(HostileValues.NOT_STRINGS.stream()
                .filter(value -> !value.name().equals("null")).toList(), HostileValues.NOT_UTF8);
        Endpoints.JsonEndpoint init = endpoints.init();
        Endpoints.JsonEndpoint list = endpoints.list();
        Endpoints.JsonEndpoint call = endpoints.call();
        List<Fragment> longCursors = List.of(Fragment.string("1,025-character string", "c".repeat(1_025)),
                Fragment.string("100,000-character string", "c".repeat(100_000)));

        vary(corpus, init, "session_id", HostileValues.all());
        vary(corpus, init, "apiUrl", HostileValues.all());
        vary(corpus, init, "jwtToken", HostileValues.all());
        vary(corpus, list, "session_id", HostileValues.all());
        vary(corpus, list.withBody(list.body().with("session_id", endpoints.targets().victim().id())), "cursor",
                HostileValues.concat(notStrings, longCursors));
        vary(corpus, call, "session_id", HostileValues.all());
        vary(corpus, call, "name", HostileValues.all());
        vary(corpus, call.withBody(call.body().with("name", "echo")), "arguments", HostileValues.all());
        for (Fragment value : notStrings) {
            corpus.refused("/tools/call, echo's text as " + value.name(), call.request(call.body().with("name", "echo")
                    .with("arguments", RawJsonObject.empty().with("text", value.json()).bytes()).bytes()));
        }
        for (String extra : new String[] {"_meta", "jsonrpc", "method", "id", "params", "__proto__", "constructor"}) {
            corpus.refused("/tools/call with a top-level " + extra, call.request(call.body().with(extra,
                    raw("{\"progressToken\":\"mine\",\"method\":\"tools/list\"}")).bytes()));
        }
    }

    private static void vary(Corpus corpus, Endpoints.JsonEndpoint endpoint, String field, List<Fragment> values) {
        for (Fragment value : values) {
            corpus.refused(endpoint.name() + ", " + field + " as " + value.name(),
                    endpoint.request(endpoint.body().with(field, value.json()).bytes()));
        }
    }
}
