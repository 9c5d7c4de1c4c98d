package io.mcpgateway.http;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Rejects a body over this endpoint's limit with 413 before anything parses it. */
public class LimitBodySize implements Processor {

    private final int maxBytes;

    public LimitBodySize(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(check(exchange, maxBytes));
    }

    /** The body, read as bytes; 413 when it is over the limit (also a later, lower limit: an upstream's own). */
    public static byte[] check(Exchange exchange, int maxBytes) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new GatewayException(ErrorType.PAYLOAD_TOO_LARGE,
                    "Request body exceeds the limit of " + maxBytes + " bytes");
        }
        return body;
    }
}
