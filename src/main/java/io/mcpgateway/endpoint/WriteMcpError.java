package io.mcpgateway.endpoint;

import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.endpoint.auth.BearerChallenge;
import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.http.WriteErrorResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The MCP endpoint's rendering of a catalog answer: a JSON-RPC error response to the request's id. What HTTP itself
 * decides (authentication, Origin, an unknown session, size, limits, a message that is no JSON-RPC) keeps its status,
 * so that clients react as MCP says; every other failure is a JSON-RPC error in a 200. A 401 carries the OAuth
 * challenge that names the protected resource metadata.
 */
public class WriteMcpError implements Processor {

    private static final Set<ErrorType> HTTP_LEVEL = Set.of(ErrorType.PARSE_ERROR, ErrorType.INVALID_REQUEST);
    private static final Set<Integer> HTTP_LEVEL_STATUSES = Set.of(401, 403, 404, 405, 413, 415, 429);

    private final McpResource resource;
    private final boolean enabled;
    private final WriteErrorResponse rest = new WriteErrorResponse();

    /** @param enabled false: {@code /mcp} is not served, and answers exactly as any unknown path does (REST's 404) */
    public WriteMcpError(McpResource resource, boolean enabled) {
        this.resource = resource;
        this.enabled = enabled;
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            rest.process(exchange);
            return;
        }
        ErrorCatalog.Answer answer = WriteErrorResponse.logged(exchange);
        String requestId = exchange.getProperty(GatewayExchange.REQUEST_ID, String.class);
        int status = answer.status();
        boolean httpLevel = HTTP_LEVEL.contains(answer.type())
                || HTTP_LEVEL_STATUSES.contains(status);
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.set("id", McpSessions.idOf(exchange));
        response.set("error", answer.toJsonRpcError(requestId));
        JsonReply.write(exchange, httpLevel ? status : 200, response.toString());
        answer.headers().forEach(exchange.getMessage()::setHeader);
        if (status == 401) {
            BearerChallenge challenge = resource.challenge();
            exchange.getMessage().setHeader("WWW-Authenticate",
                    exchange.getProperty(AdmitMcpRequest.TOKEN) == null ? challenge.missingToken() : challenge.invalidToken());
        }
    }
}
