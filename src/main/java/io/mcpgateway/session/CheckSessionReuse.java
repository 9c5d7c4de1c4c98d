package io.mcpgateway.session;

import java.util.Optional;

import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init} step 3: an active session presented with its own apiUrl and token is reused at once. Otherwise this
 * request either leads the validation of its credentials or waits for an identical one already under way and then
 * looks again (finding the session the leader stored).
 */
public class CheckSessionReuse implements Processor {

    private final SessionStore store;
    private final InitCoalescer coalescer;

    public CheckSessionReuse(SessionStore store, InitCoalescer coalescer) {
        this.store = store;
        this.coalescer = coalescer;
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        boolean reused = reuse(request, exchange);
        while (!reused) {
            boolean leading = coalescer.leadOrAwait(request, exchange);
            // a leader that finished just before this request claimed the slot may have stored the session
            reused = reuse(request, exchange);
            if (leading) {
                break;
            }
        }
        exchange.setProperty(GatewayExchange.SESSION_REUSED, reused);
    }

    private boolean reuse(InitRequest request, Exchange exchange) {
        Optional<GatewaySession> session = store.peek(request.sessionId()).filter(s -> s.presentedBy(request));
        session.ifPresent(reused -> {
            store.markUsed(reused);
            exchange.setProperty(GatewayExchange.SESSION, reused);
        });
        return session.isPresent();
    }
}
