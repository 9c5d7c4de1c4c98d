package io.mcpgateway.testing.hostile;

import java.util.List;

import static io.mcpgateway.testing.hostile.Endpoints.bearer;

/**
 * Every endpoint with every method but its own (405, an unknown path 404), each with the victim's token, so a method
 * the route let through would show; and the usual ways of overriding a method, which must change nothing.
 */
final class WrongMethods {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "PROPFIND", "BREW", "post", "delete");

    private WrongMethods() {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("wrong method");
        Targets targets = endpoints.targets();
        String victimToken = bearer(targets.victim().token());
        String victimSession = "/sessions/" + targets.victim().id();
        byte[] sessionBody = RawJsonObject.empty().with("session_id", targets.victim().id()).bytes();
        addAll(corpus, "/init", "/init", "POST", victimToken, endpoints.init().body().bytes());
        addAll(corpus, "/tools/list", "/tools/list", "POST", victimToken, endpoints.list().body().bytes());
        addAll(corpus, "/tools/call", "/tools/call", "POST", victimToken, endpoints.call().body().bytes());
        addAll(corpus, "/sessions/{victim}", victimSession, "DELETE", victimToken, sessionBody);
        addAll(corpus, "/sessions/{unknown}", "/sessions/hostile-nobody", "DELETE", victimToken, sessionBody);
        for (String method : METHODS) {
            corpus.refusedWith(404, method + " of an unknown path", Wire.request(method, "/nowhere")
                    .header("Authorization", victimToken));
        }

        for (String override : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            corpus.refusedWith(405, "POST to the victim's session with " + override + ": DELETE",
                    Wire.request("POST", victimSession).header("Authorization", victimToken).header(override, "DELETE"));
        }
        corpus.refusedWith(405, "POST to the victim's session with ?_method=DELETE",
                Wire.request("POST", victimSession + "?_method=DELETE").header("Authorization", victimToken));
        corpus.refusedWith(405, "GET of /tools/call with the call in the query",
                Wire.request("GET", "/tools/call?session_id=" + targets.victim().id() + "&name=echo&arguments=%7B%7D")
                        .header("Authorization", victimToken));
        corpus.refusedWith(405, "GET of /init with the parameters in the query",
                Wire.request("GET", "/init?session_id=hostile-init&apiUrl=" + targets.apiUrl() + "&jwtToken="
                        + targets.strangerToken()));
    }

    private static void addAll(Corpus corpus, String name, String path, String own, String authorization, byte[] body) {
        for (String method : METHODS) {
            if (method.equals(own)) {
                continue;
            }
            corpus.refusedWith(405, method + " " + name, Wire.request(method, path).header("Authorization", authorization));
            corpus.refusedWith(405, method + " " + name + " with a JSON body",
                    Wire.request(method, path).header("Authorization", authorization).json(body));
        }
    }
}
