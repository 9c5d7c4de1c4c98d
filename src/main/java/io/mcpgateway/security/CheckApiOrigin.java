package io.mcpgateway.security;

import java.net.URI;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init}, before the reuse check: the apiUrl's form and its origin ({@code API_ALLOWED_ORIGINS}). Every
 * {@code /init} passes here, a reuse of an existing session too, so a session whose API is not (or no longer) on the
 * list is never handed out again; nothing has been resolved, sent or awaited yet.
 */
public class CheckApiOrigin implements Processor {

    private final ApiUrlGuard guard;

    public CheckApiOrigin(ApiUrlGuard guard) {
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        URI uri = guard.checkFormat(request.apiUrl());
        guard.checkOrigin(uri.getScheme(), uri.getHost(), uri.getPort());
    }
}
