package io.mcpgateway.http;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes every answer the gateway gives. All inbound and intermediate headers are dropped first, so nothing a caller
 * or a remote service sent is echoed back.
 */
public final class JsonReply {

    public static final String OK_BODY = "{\"status\":\"ok\"}";

    private JsonReply() {
    }

    public static void write(Exchange exchange, int status, String jsonBody) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader("X-Request-Id", exchange.getProperty(GatewayExchange.REQUEST_ID, String.class));
        message.setHeader("X-Content-Type-Options", "nosniff");
        if (jsonBody != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        message.setBody(jsonBody);
    }

    /** {@code 200 {"status":"ok"}}. */
    public static void ok(Exchange exchange) {
        write(exchange, 200, OK_BODY);
    }

    /** {@code 204} with no body. */
    public static void noContent(Exchange exchange) {
        write(exchange, 204, null);
    }
}
