package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Ends the session authenticated by the previous step (the store's removal listener logs it) and, when it holds an
 * upstream session with an id, leaves that in {@code gatewayUpstreamSession} for the DELETE that follows.
 */
public class CloseSession implements Processor {

    private final SessionStore store;

    public CloseSession(SessionStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        GatewaySession session = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
        store.close(session);
        if (session.upstream() != null && session.upstream().sessionId() != null) {
            exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, session.upstream());
        }
    }
}
