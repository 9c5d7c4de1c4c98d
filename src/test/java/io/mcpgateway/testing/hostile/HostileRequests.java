package io.mcpgateway.testing.hostile;

import java.util.List;
import java.util.Random;

/**
 * The hostile-input corpus (issue #5): malformed and adversarial requests to every endpoint and to paths next to
 * them, by category. Generated from a fixed seed, so the next run sends a failing request again, byte for byte, given
 * the same targets (in HostileInputIT only the credential API's port changes from run to run).
 */
public final class HostileRequests {

    public static final long SEED = 0x5EED_0005L;

    /** URL parts the corpus plants in apiUrls (path, query, password, host): none may be echoed or logged. */
    public static final List<String> PLANTED_URL_PARTS = List.of("HOSTILE-SECRET-PATH", "HOSTILE-SECRET-QUERY",
            "HOSTILE-SECRET-PASSWORD", "hostile-secret-host");

    private HostileRequests() {
    }

    public static List<HostileRequest> corpus(Targets targets) {
        Random random = new Random(SEED);
        Endpoints endpoints = new Endpoints(targets);
        Corpus corpus = new Corpus();
        WrongMethods.addTo(corpus, endpoints);
        OddPaths.addTo(corpus, endpoints);
        ProtocolViolations.addTo(corpus, endpoints, random);
        HeaderAttacks.addTo(corpus, endpoints);
        BearerAttacks.addTo(corpus, endpoints);
        MalformedJson.addTo(corpus, endpoints);
        WrongFieldValues.addTo(corpus, endpoints);
        SessionIdAttacks.addTo(corpus, endpoints);
        ApiUrlAttacks.addTo(corpus, endpoints);
        JwtAttacks.addTo(corpus, endpoints);
        ToolArgumentAttacks.addTo(corpus, endpoints);
        SizeLimits.addTo(corpus, endpoints);
        Fuzz.addTo(corpus, endpoints, random);
        return corpus.requests();
    }
}
