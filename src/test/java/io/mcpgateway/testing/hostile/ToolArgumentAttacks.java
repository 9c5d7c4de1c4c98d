package io.mcpgateway.testing.hostile;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.mcpgateway.testing.hostile.RawJsonObject.raw;

/**
 * Tool calls in the victim's session, with its token, whose arguments break the tool's published input schema
 * (missing, extra, mistyped, out-of-range and out-of-bounds values) or whose tool does not exist under that exact
 * name. The gateway refuses the first kind itself and passes the upstream's refusal of the second on: both are 400.
 */
final class ToolArgumentAttacks {

    private ToolArgumentAttacks() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("tool arguments");
        Endpoints.JsonEndpoint call = endpoints.call();
        arguments().forEach((name, tool) -> corpus.refusedWith(400, name,
                call.request(call.body().with("name", tool[0]).with("arguments", raw(tool[1])).bytes())));
        for (String tool : new String[] {"ECHO", "Echo", "echo/", "./echo", "../echo", "echo.", "_echo",
                "tools/call", "initialize", "notifications/initialized", "rpc.discover", "a".repeat(128)}) {
            corpus.refusedWith(400, "unknown tool " + tool, call.request(call.body().with("name", tool).bytes()));
        }
        for (String notObject : new String[] {"\"{}\"", "[]", "[{}]", "1", "true"}) {
            corpus.refusedWith(400, "validate_settings with arguments " + notObject,
                    call.request(call.body().with("name", "validate_settings").with("arguments", raw(notObject)).bytes()));
        }
    }

    /** By label: the tool and its arguments as JSON. */
    private static Map<String, String[]> arguments() {
        Map<String, String[]> cases = new LinkedHashMap<>();
        for (String args : new String[] {"{}", "{\"text\":null}", "{\"text\":1}", "{\"text\":true}", "{\"text\":[]}",
                "{\"text\":{}}", "{\"text\":[\"a\"]}", "{\"text\":\"a\",\"extra\":1}", "{\"TEXT\":\"a\"}",
                "{\"text \":\"a\"}", "{\"te\\u0000xt\":\"a\"}", "{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":1e999}",
                "{\"text\":\"a\",\"_meta\":{\"progressToken\":\"mine\"}}", "{\"text\":\"" + "t".repeat(600_000) + "\"}",
                "{\"text\":\"a\",\"n\":" + "{\"n\":".repeat(33) + "1" + "}".repeat(33) + "}",
                "{\"text\":\"a\",\"many\":[" + "1,".repeat(100_000) + "1]}"}) {
            cases.put("echo with " + args, new String[] {"echo", args});
        }
        for (String args : new String[] {"{}", "{\"a\":1}", "{\"b\":1}", "{\"a\":\"1\",\"b\":2}", "{\"a\":null,\"b\":1}",
                "{\"a\":true,\"b\":false}", "{\"a\":[1],\"b\":2}", "{\"a\":{},\"b\":2}", "{\"a\":1e999,\"b\":1}",
                "{\"a\":-1e999,\"b\":1e999}", "{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":\"NaN\",\"b\":1}",
                "{\"a\":\"Infinity\",\"b\":1}", "{\"a\":\"0x10\",\"b\":1}", "{\"a\":1,\"b\":2,\"a\":3}"}) {
            cases.put("add with " + args, new String[] {"add", args});
        }
        for (String args : new String[] {"{\"steps\":0}", "{\"steps\":-1}", "{\"steps\":11}", "{\"steps\":1.5}",
                "{\"steps\":\"3\"}", "{\"steps\":null}", "{\"steps\":1e999}", "{\"steps\":1e300}",
                "{\"steps\":99999999999999999999}", "{\"steps\":[3]}", "{\"steps\":3,\"x\":1}"}) {
            cases.put("slow with " + args, new String[] {"slow", args});
        }
        for (String args : new String[] {"{\"x\":1}", "{\"\":1}", "{\"__proto__\":{}}"}) {
            cases.put("fail with " + args, new String[] {"fail", args});
        }
        return cases;
    }
}
