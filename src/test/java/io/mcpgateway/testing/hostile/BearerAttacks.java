package io.mcpgateway.testing.hostile;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.mcpgateway.testing.TestTokens;

import static io.mcpgateway.testing.hostile.Endpoints.bearer;
import static io.mcpgateway.testing.hostile.Bytes.utf8;

/**
 * Ways to present, or pretend to present, the victim's token on its own session: other schemes, other places, other
 * users' tokens, near copies, doubled headers, huge and control-character values. Variants that carry the true token
 * in a form the gateway may accept are sent only as calls of the unknown tool, which stay refused when authenticated.
 */
final class BearerAttacks {

    private BearerAttacks() {
    }

    /** An Authorization presentation; {@code mayAuthenticate} when it holds the victim's token in an acceptable form. */
    private record Presentation(String name, List<String> authorizationHeaders, boolean mayAuthenticate) {
    }

    static void addTo(Corpus corpus, Endpoints endpoints) {
        corpus.category("bearer token");
        Targets targets = endpoints.targets();
        String victimId = targets.victim().id();
        for (Presentation presentation : presentations(targets)) {
            corpus.refused("/tools/call with " + presentation.name(),
                    present(Wire.request("POST", "/tools/call").json(endpoints.call().body().bytes()), presentation));
            if (!presentation.mayAuthenticate()) {
                corpus.refused("/tools/list with " + presentation.name(), present(Wire.request("POST", "/tools/list")
                        .json(RawJsonObject.empty().with("session_id", victimId).bytes()), presentation));
                corpus.refused("DELETE /sessions/{victim} with " + presentation.name(),
                        present(Endpoints.close(victimId, null), presentation));
            }
        }
        String token = targets.victim().token();
        RawJsonObject list = RawJsonObject.empty().with("session_id", victimId);
        corpus.refused("/tools/list with the token in the query string", Wire.request("POST",
                "/tools/list?access_token=" + token).json(list.bytes()));
        corpus.refused("/tools/list with the token in the body", Wire.request("POST", "/tools/list")
                .json(list.with("jwtToken", token).with("token", token).bytes()));
        corpus.refused("/tools/list with the token in a cookie", Wire.request("POST", "/tools/list")
                .header("Cookie", "token=" + token + "; Authorization=Bearer%20" + token).json(list.bytes()));
        for (String header : new String[] {"X-Authorization", "Proxy-Authorization", "X-Api-Key", "X-Access-Token"}) {
            corpus.refused("/tools/list with the token in " + header, Wire.request("POST", "/tools/list")
                    .header(header, bearer(token)).json(list.bytes()));
        }
        corpus.refused("DELETE /sessions/{victim} with the token in the query string",
                Endpoints.close(victimId + "?access_token=" + token, null));
    }

    private static Wire present(Wire wire, Presentation presentation) {
        presentation.authorizationHeaders().forEach(value -> wire.headerLine(utf8("Authorization: " + value)));
        return wire;
    }

    private static List<Presentation> presentations(Targets targets) {
        String token = targets.victim().token();
        String[] parts = token.split("\\.");
        String otherClaims = targets.other().token().split("\\.")[1];
        return List.of(
                new Presentation("no Authorization", List.of(), false),
                refused("an empty Authorization", ""),
                refused("'Bearer' alone", "Bearer"),
                refused("'Bearer ' and nothing", "Bearer "),
                refused("Basic credentials", "Basic " + Base64.getEncoder().encodeToString(utf8("victim:" + token))),
                refused("Digest credentials", "Digest username=\"victim\", response=\"" + parts[2] + "\""),
                refused("the token without a scheme", token),
                refused("scheme 'Token'", "Token " + token),
                refused("scheme 'JWT'", "JWT " + token),
                refused("a tab after Bearer", "Bearer\t" + token),
                refused("a no-break space after Bearer", "Bearer\u00a0" + token),
                refused("two tokens", bearer(token + " " + token)),
                refused("two schemes in one header", bearer(token) + ", " + bearer(token)),
                refused("the other user's token", bearer(targets.other().token())),
                refused("a token nobody has", bearer(targets.strangerToken())),
                refused("the token upper-cased", bearer(token.toUpperCase(Locale.ROOT))),
                refused("the token missing its last character", bearer(token.substring(0, token.length() - 1))),
                refused("the token and one more character", bearer(token + "A")),
                refused("the token with base64 padding", bearer(token + "==")),
                refused("the token with the other user's claims", bearer(parts[0] + "." + otherClaims + "." + parts[2])),
                refused("the token with alg none", bearer(TestTokens.part("{\"alg\":\"none\"}") + "." + parts[1] + ".")),
                refused("the token without its signature", bearer(parts[0] + "." + parts[1])),
                refused("an expired token", bearer(TestTokens.jwt("HS256", "{\"sub\":\"victim\",\"exp\":1}"))),
                refused("JWT-shaped garbage", bearer("eyJ.eyJ.sig")),
                refused("a 7 KiB token", bearer("e".repeat(7 * 1024))),
                refused("a 10 KiB token", bearer("e".repeat(10 * 1024))),
                refused("a token with NUL", bearer(token + "\u0000")),
                refused("a token with a control character", bearer("\u0001" + token)),
                refused("a token with DEL", bearer(token + "\u007f")),
                new Presentation("a wrong token, then the right one", List.of(bearer("wrong"), bearer(token)), true),
                new Presentation("the right token, then a wrong one", List.of(bearer(token), bearer("wrong")), true),
                new Presentation("scheme in lower case", List.of("bearer " + token), true),
                new Presentation("scheme in upper case", List.of("BEARER " + token), true),
                new Presentation("spaces around the token", List.of("Bearer    " + token + "   "), true));
    }

    private static Presentation refused(String name, String authorization) {
        return new Presentation(name, List.of(authorization), false);
    }
}
