package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.UpstreamSession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /init} step 7: keeps the validated session (or refreshes its token, or answers 409). */
public class StoreSession implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSession.class);

    private final SessionStore store;

    public StoreSession(SessionStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        SessionStore.Stored stored = store.store(request, exchange.getProperty(GatewayExchange.PRINCIPAL, String.class),
                exchange.getProperty(GatewayExchange.UPSTREAM_SESSION, UpstreamSession.class));
        LOG.info("[GATEWAY] Session {} for session_id: {} (request_id={}, {} ms)",
                stored == SessionStore.Stored.CREATED ? "opened" : "refreshed", request.sessionId(),
                exchange.getProperty(GatewayExchange.REQUEST_ID), GatewayExchange.elapsedMillis(exchange));
    }
}
