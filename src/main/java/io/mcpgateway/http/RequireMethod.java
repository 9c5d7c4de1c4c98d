package io.mcpgateway.http;

import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A route's method check: anything else is a catalog 405 with an {@code Allow} header. */
public class RequireMethod implements Processor {

    private final String method;

    public RequireMethod(String method) {
        this.method = method;
    }

    @Override
    public void process(Exchange exchange) {
        if (!method.equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
            throw GatewayException.methodNotAllowed(method);
        }
    }
}
