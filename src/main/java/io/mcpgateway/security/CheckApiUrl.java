package io.mcpgateway.security;

import java.net.URI;
import java.net.UnknownHostException;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code /init}, before the token is inspected: the apiUrl's form and the SSRF guard, before anything is sent to it. */
public class CheckApiUrl implements Processor {

    private final ApiUrlGuard guard;

    public CheckApiUrl(ApiUrlGuard guard) {
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) throws UnknownHostException {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        URI uri = guard.checkFormat(request.apiUrl());
        guard.resolveAllowed(uri.getHost());
    }
}
