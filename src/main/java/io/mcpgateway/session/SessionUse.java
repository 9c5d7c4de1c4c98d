package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One authenticated request on a session, from authentication to its answer: it keeps the session's upstream session
 * alive while it runs ({@link GatewaySession#callStarted}), and counts as use only if it was answered with success.
 * A request refused with a 4xx (or failed otherwise) neither restarts the idle time nor protects the session from
 * eviction: otherwise cheap bad requests could keep a flood of sessions "in use".
 */
final class SessionUse extends SynchronizationAdapter {

    private final SessionStore store;
    private final GatewaySession session;

    private SessionUse(SessionStore store, GatewaySession session) {
        this.store = store;
        this.session = session;
    }

    static void begin(Exchange exchange, SessionStore store, GatewaySession session) {
        session.callStarted();
        exchange.getExchangeExtension().addOnCompletion(new SessionUse(store, session));
        exchange.setProperty(GatewayExchange.SESSION, session);
    }

    @Override
    public void onDone(Exchange exchange) {
        try {
            int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
            if (exchange.getException() == null && exchange.getProperty(GatewayExchange.ANSWERED_FAILURE) == null
                    && status < 400) {
                store.markUsed(session);
            }
        } finally {
            session.callEnded();
        }
    }
}
