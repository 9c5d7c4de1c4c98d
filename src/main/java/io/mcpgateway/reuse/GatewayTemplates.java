package io.mcpgateway.reuse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.tools.ToolReplies;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Route templates over the gateway's building blocks (installed by {@link GatewayBlocks}), for use in another Camel
 * application: each instance listens on {@code direct:<name>}. Their parameters describe themselves (Camel lists
 * them with the template); docs/extending.md shows them in use.
 */
public final class GatewayTemplates extends RouteBuilder {

    public static final String VALIDATE_CREDENTIALS = "mcp-validate-credentials";
    public static final String CALL_UPSTREAM = "mcp-call-upstream";
    /** The exchange properties the gateway's steps hand to each other (GatewayExchange and the steps' own). */
    private static final String GATEWAY_PROPERTIES = "gateway*";
    private static final String PARAMS = "mcpTemplateParams";
    private static final String API_URL = "mcpTemplateApiUrl";
    private static final String TOKEN = "mcpTemplateToken";
    private static final String RESULT = "mcpTemplateResult";

    @Override
    public void configure() {
        routeTemplate(VALIDATE_CREDENTIALS)
                .templateParameter("name", null,
                        "The instance listens on direct:<name>")
                .templateParameter("apiUrlProperty", "mcpApiUrl",
                        "Exchange property holding the user's API base URL (the probe is POST <apiUrl>/settings/validate)")
                .templateParameter("tokenProperty", "mcpJwtToken",
                        "Exchange property holding the user's JWT, sent as the probe's bearer token")
                .from("direct:{{name}}")
                .routeConfigurationId("propagate-errors")
                .removeProperties(GATEWAY_PROPERTIES).id("forget-earlier-calls")
                // the same checks as POST /init, in the same order: apiUrl (SSRF guard), token form, the probe
                .setVariable(API_URL, exchangeProperty("{{apiUrlProperty}}"))
                .setVariable(TOKEN, exchangeProperty("{{tokenProperty}}"))
                .process(GatewayTemplates::readCredentials).id("read-credentials")
                .process("checkApiUrl").id("check-api-url")
                .process("inspectJwt").id("inspect-jwt")
                .to("direct:validate-credentials").id("probe-credentials");

        routeTemplate(CALL_UPSTREAM)
                .templateParameter("name", null,
                        "The instance listens on direct:<name>")
                .templateParameter("method", "tools/list",
                        "The MCP method to call; the message body (a JSON object, or empty) is its params")
                .from("direct:{{name}}")
                .routeConfigurationId("propagate-errors")
                // an earlier call in the same exchange leaves its deadline, upstream session and reply behind
                .removeProperties(GATEWAY_PROPERTIES).id("forget-earlier-calls")
                // one upstream session per message: opened (era discovery or legacy handshake), used, ended
                .process(exchange -> exchange.setProperty(PARAMS, exchange.getMessage().getBody(ObjectNode.class)))
                .id("keep-params")
                .to("direct:open-upstream-session").id("open-session")
                .setProperty(GatewayExchange.UPSTREAM_METHOD, constant("{{method}}")).id("prepare-call")
                .setProperty(GatewayExchange.UPSTREAM_PARAMS, exchangeProperty(PARAMS))
                .doTry()
                    .to("direct:call-upstream").id("send-call")
                    .process(exchange -> exchange.setVariable(RESULT, ToolReplies.resultOf(exchange))).id("keep-result")
                .doFinally()
                    .to("direct:end-upstream-session").id("end-session")
                .end()
                .setBody(variable(RESULT)).id("reply-with-result");
    }

    /** The credentials, as /init would hold them; a missing one is the caller's mistake (400 from the catalog). */
    private static void readCredentials(Exchange exchange) {
        String apiUrl = exchange.getVariable(API_URL, String.class);
        String token = exchange.getVariable(TOKEN, String.class);
        if (apiUrl == null || apiUrl.isBlank() || token == null || token.isBlank()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Missing required parameters: apiUrl, jwtToken");
        }
        exchange.setProperty(GatewayExchange.INIT_REQUEST, InitRequest.of(exchange.getFromRouteId(), apiUrl, token));
    }
}
