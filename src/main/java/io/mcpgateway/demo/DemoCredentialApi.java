package io.mcpgateway.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.mcpgateway.http.JsonReply;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The demo's sample credential API, the user's API a real deployment names in {@code apiUrl}: it accepts
 * {@link #DEMO_TOKEN} and nothing else. It is served on the gateway's own port, so that the walkthrough's
 * {@code apiUrl} depends only on the port the reader chose, and the README's commands work as written.
 */
public final class DemoCredentialApi extends RouteBuilder {

    /**
     * The one token the demo accepts, public by design: header {@code {"alg":"HS256","typ":"JWT"}}, claims
     * {@code {"sub":"demo-user","exp":4102444800}} (2100-01-01), signature the bytes "demo-token-not-a-real-signature".
     * Only this API ever accepts it: a real API verifies its signature.
     */
    public static final String DEMO_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiJkZW1vLXVzZXIiLCJleHAiOjQxMDI0NDQ4MDB9"
            + ".ZGVtby10b2tlbi1ub3QtYS1yZWFsLXNpZ25hdHVyZQ";

    /** The {@code apiUrl} of a walkthrough session; the gateway probes {@code POST {apiUrl}/settings/validate}. */
    public static final String PATH = "/demo/api";

    private static final byte[] ACCEPTED = ("Bearer " + DEMO_TOKEN).getBytes(StandardCharsets.UTF_8);

    public static String apiUrl(int gatewayPort) {
        return "http://127.0.0.1:" + gatewayPort + PATH;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "/settings/validate?httpMethodRestrict=POST")
                .routeId("demo-credential-api")
                .process(DemoCredentialApi::answer);
    }

    static void answer(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        boolean accepted = authorization != null
                && MessageDigest.isEqual(ACCEPTED, authorization.getBytes(StandardCharsets.UTF_8));
        JsonReply.write(exchange, accepted ? 200 : 401, "{\"valid\":" + accepted + "}");
    }
}
