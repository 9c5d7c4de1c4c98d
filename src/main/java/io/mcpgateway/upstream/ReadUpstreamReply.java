package io.mcpgateway.upstream;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Reads the upstream's answer to one request from the live response stream: 202 for a notification, otherwise the
 * JSON-RPC response (plain or on an event stream), bounded in size and time. 5xx and transport failures are thrown
 * for the circuit breaker to count; a 404 on a session is an expired upstream session. The connection is aborted, not
 * drained, when the answer ends before the stream does.
 */
public class ReadUpstreamReply implements Processor {

    private final JsonRpcReplyReader reader;

    public ReadUpstreamReply(JsonRpcReplyReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        String responseSessionId = message.getHeader("Mcp-Session-Id", String.class);
        InputStream body = message.getBody(InputStream.class);
        message.removeHeaders("*");
        message.setBody(null);
        try {
            UpstreamSession upstream = PrepareUpstreamRequest.upstreamSession(exchange);
            if (status == 404 && upstream != null && upstream.sessionId() != null) {
                throw new UpstreamFailures.SessionExpired();
            }
            if (status >= 500) {
                throw new UpstreamFailures.ServerError(statusLine(status));
            }
            if (status == 202 && !exchange.getProperties().containsKey(GatewayExchange.UPSTREAM_REQUEST_ID)) {
                exchange.removeProperty(GatewayExchange.UPSTREAM_REPLY);
                return; // a notification was accepted
            }
            if (status != 200 || body == null) {
                throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server refused the request: " + statusLine(status));
            }
            JsonRpcReply reply = reader.read(contentType, body,
                    exchange.getProperty(GatewayExchange.UPSTREAM_REQUEST_ID, JsonNode.class), null,
                    exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class), serverRequest -> { });
            if (!reply.complete()) {
                throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server closed the stream before answering");
            }
            exchange.setProperty(GatewayExchange.UPSTREAM_REPLY, reply);
            if (responseSessionId != null) {
                exchange.setProperty(GatewayExchange.UPSTREAM_RESPONSE_SESSION_ID, responseSessionId);
            }
        } finally {
            release(body);
        }
    }

    private static void release(InputStream body) throws IOException {
        if (body instanceof EofSensorInputStream stream) {
            stream.abort(); // no-op once the stream reached its end and released the connection
        } else if (body != null) {
            body.close();
        }
    }

    static String statusLine(int status) {
        String phrase = status >= 100 && status < 600 ? EnglishReasonPhraseCatalog.INSTANCE.getReason(status, null) : null;
        return status + " " + (phrase == null ? "Unexpected Status" : phrase);
    }
}
