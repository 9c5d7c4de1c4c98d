package io.mcpgateway.session;

import java.util.function.Consumer;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Ends the session authenticated by the previous step (the store's removal listener logs it) and its upstream
 * sessions, in the background: the caller's close never waits on an MCP server.
 */
public class CloseSession implements Processor {

    private final SessionStore store;
    private final Consumer<GatewaySession> endUpstreamSessions;

    /** @param endUpstreamSessions ends every upstream session of a session, without waiting for the servers */
    public CloseSession(SessionStore store, Consumer<GatewaySession> endUpstreamSessions) {
        this.store = store;
        this.endUpstreamSessions = endUpstreamSessions;
    }

    @Override
    public void process(Exchange exchange) {
        GatewaySession session = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
        if (store.close(session)) {
            endUpstreamSessions.accept(session);
        }
    }
}
