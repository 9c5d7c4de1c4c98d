package io.mcpgateway.testing.hostile;

import static io.mcpgateway.testing.hostile.Bytes.utf8;
import static io.mcpgateway.testing.hostile.RawJsonObject.raw;

/**
 * Bodies at and one byte past each limit (16 KiB for /init, MCP_MAX_REQUEST_SIZE_KB = 1 MiB for tool requests, the
 * 2 MiB server cap), huge strings, huge arrays and nesting far deeper than the parser allows. At a limit the body is
 * judged (and refused for its content); past it the answer is 413 before anything reads it.
 */
final class SizeLimits {

    static final int INIT_LIMIT = 16 * 1024;
    static final int TOOL_LIMIT = 1024 * 1024;
    static final int SERVER_LIMIT = 2 * 1024 * 1024;

    private SizeLimits() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("size");
        Endpoints.JsonEndpoint init = endpoints.init();
        Endpoints.JsonEndpoint list = endpoints.list();
        Endpoints.JsonEndpoint call = endpoints.call();
        corpus.refusedWith(401, "/init body of exactly 16 KiB", init.request(padded(init.body(), INIT_LIMIT)));
        corpus.refusedWith(413, "/init body of 16 KiB + 1", init.request(padded(init.body(), INIT_LIMIT + 1)));
        corpus.refusedWith(404, "/tools/list body of exactly 1 MiB", list.request(padded(list.body(), TOOL_LIMIT)));
        corpus.refusedWith(413, "/tools/list body of 1 MiB + 1", list.request(padded(list.body(), TOOL_LIMIT + 1)));
        corpus.refusedWith(400, "/tools/call body of exactly 1 MiB", call.request(padded(call.body(), TOOL_LIMIT)));
        corpus.refusedWith(413, "/tools/call body of 1 MiB + 1", call.request(padded(call.body(), TOOL_LIMIT + 1)));
        for (Endpoints.JsonEndpoint endpoint : endpoints.jsonEndpoints()) {
            corpus.refusedWith(413, endpoint.name() + " body over the server cap",
                    endpoint.request(padded(endpoint.body(), SERVER_LIMIT + 1)));
            corpus.refused(endpoint.name() + " nested 10,000 deep", endpoint.request(utf8("[".repeat(10_000)
                    + "]".repeat(10_000))));
            corpus.refused(endpoint.name() + " with a value nested 10,000 deep",
                    endpoint.request(endpoint.body().plus("deep", raw("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)))
                            .bytes()));
        }
        corpus.refused("DELETE /sessions/{victim} with a body over the server cap",
                endpoints.closeVictim().body(new byte[SERVER_LIMIT + 1]));
        corpus.refused("an unknown path with a body over the server cap",
                Wire.request("POST", "/nowhere").json(new byte[SERVER_LIMIT + 1]));
        corpus.refused("/tools/call nested 500,000 deep", call.request(utf8("[".repeat(500_000) + "]".repeat(500_000))));

        String megabyte = "m".repeat(1_000_000);
        corpus.refused("/tools/list with a 1 MB session_id", list.request(list.body().with("session_id", megabyte).bytes()));
        corpus.refused("/tools/list with a 1 MB cursor", list.request(list.body()
                .with("session_id", endpoints.targets().victim().id()).with("cursor", megabyte).bytes()));
        corpus.refused("/tools/call with a 1 MB tool name", call.request(call.body().with("name", megabyte).bytes()));
        corpus.refused("/tools/call with a 1 MB text", call.request(call.body().with("name", "echo")
                .with("arguments", RawJsonObject.empty().with("text", megabyte).bytes()).bytes()));
        corpus.refused("/tools/call with a 1 MB key", call.request(call.body().with("name", "echo")
                .with("arguments", RawJsonObject.empty().with(megabyte, "x").bytes()).bytes()));
        corpus.refused("/tools/call with 100,000 escaped NULs", call.request(call.body()
                .with("arguments", raw("{\"text\":\"" + "\\u0000".repeat(100_000) + "\"}")).bytes()));
        corpus.refused("/tools/call with 50,000 keys", call.request(call.body().with("name", "echo")
                .with("arguments", raw(manyKeys(50_000))).bytes()));
        corpus.refused("/tools/call with a 1 MB number", call.request(call.body().with("name", "add")
                .with("arguments", raw("{\"a\":1" + "0".repeat(1_000_000) + ",\"b\":1}")).bytes()));
        corpus.refused("/init with a 15 KB jwtToken",
                init.request(init.body().with("jwtToken", "j".repeat(15_000)).bytes()));
        corpus.refused("/init with a 15 KB apiUrl", init.request(init.body()
                .with("apiUrl", endpoints.targets().apiUrl() + "/" + "u".repeat(15_000)).bytes()));
    }

    /** The object with a padding field that brings the body to exactly this many bytes. */
    private static byte[] padded(RawJsonObject object, int size) {
        int overhead = object.plus("pad", raw("\"\"")).bytes().length;
        return object.plus("pad", RawJsonObject.quoted("p".repeat(size - overhead))).bytes();
    }

    private static String manyKeys(int count) {
        StringBuilder keys = new StringBuilder("{\"text\":\"a\"");
        for (int i = 0; i < count; i++) {
            keys.append(",\"k").append(i).append("\":").append(i);
        }
        return keys.append('}').toString();
    }
}
