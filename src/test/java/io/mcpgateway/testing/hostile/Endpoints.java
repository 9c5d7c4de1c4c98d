package io.mcpgateway.testing.hostile;

import java.util.List;

/**
 * The gateway's endpoints as a client calls them, each with a body that is refused for a known reason once everything
 * else passes: an /init with a token the credential API accepts from nobody (401), a list for a session that does
 * not exist (404), a call of a tool the upstream does not have (400, in the victim's session with its token), and a
 * close of the victim's session with the other user's token (401). The categories vary one part at a time, so every
 * request stays a refusal, and a gateway that let a varied part through would answer with a success.
 */
final class Endpoints {

    static final String UNKNOWN_TOOL = "no-such-tool";

    private final Targets targets;

    Endpoints(Targets targets) {
        this.targets = targets;
    }

    Targets targets() {
        return targets;
    }

    JsonEndpoint init() {
        return new JsonEndpoint("/init", "/init", null, RawJsonObject.empty().with("session_id", "hostile-init")
                .with("apiUrl", targets.apiUrl()).with("jwtToken", targets.strangerToken()));
    }

    JsonEndpoint list() {
        return new JsonEndpoint("/tools/list", "/tools/list", bearer(targets.victim().token()),
                RawJsonObject.empty().with("session_id", "hostile-nobody"));
    }

    JsonEndpoint call() {
        return new JsonEndpoint("/tools/call", "/tools/call", bearer(targets.victim().token()),
                RawJsonObject.empty().with("session_id", targets.victim().id()).with("name", UNKNOWN_TOOL)
                        .with("arguments", RawJsonObject.raw("{\"text\":\"x\"}")));
    }

    List<JsonEndpoint> jsonEndpoints() {
        return List.of(init(), list(), call());
    }

    /** DELETE of a session, named by its path segment as written (encoded or not), with the given credentials. */
    static Wire close(String pathSegment, String authorization) {
        Wire wire = Wire.request("DELETE", "/sessions/" + pathSegment);
        return authorization == null ? wire : wire.header("Authorization", authorization);
    }

    /** DELETE of the victim's session with the other user's token. */
    Wire closeVictim() {
        return close(targets.victim().id(), bearer(targets.other().token()));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A JSON endpoint: its path, the Authorization it is called with (null for none) and its refused body. */
    record JsonEndpoint(String name, String path, String authorization, RawJsonObject body) {

        JsonEndpoint withBody(RawJsonObject changed) {
            return new JsonEndpoint(name, path, authorization, changed);
        }

        Wire request(byte[] json) {
            return withoutContentType(json).header("Content-Type", "application/json");
        }

        Wire request() {
            return request(body.bytes());
        }

        Wire withoutContentType(byte[] bytes) {
            Wire wire = Wire.request("POST", path);
            return (authorization == null ? wire : wire.header("Authorization", authorization)).body(bytes);
        }
    }
}
