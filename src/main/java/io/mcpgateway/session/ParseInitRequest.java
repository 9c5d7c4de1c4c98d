package io.mcpgateway.session;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.StrictJson;
import io.mcpgateway.security.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code /init} steps 1-2: the body is a JSON object with non-empty string parameters and a well-formed session id. */
public class ParseInitRequest implements Processor {

    private static final List<String> REQUIRED = List.of("session_id", "apiUrl", "jwtToken");

    @Override
    public void process(Exchange exchange) {
        JsonNode body = StrictJson.readObject(exchange.getMessage().getBody(byte[].class));
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (StrictJson.optionalText(body, name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR,
                    "Missing required parameter" + (missing.size() > 1 ? "s" : "") + ": " + String.join(", ", missing));
        }
        String sessionId = SessionIds.requireValid(body.get("session_id").asText());
        exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        exchange.setProperty(GatewayExchange.INIT_REQUEST,
                InitRequest.of(sessionId, body.get("apiUrl").asText(), body.get("jwtToken").asText()));
    }
}
