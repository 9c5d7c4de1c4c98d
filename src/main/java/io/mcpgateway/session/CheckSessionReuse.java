package io.mcpgateway.session;

import java.time.Clock;
import java.util.Optional;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init}, once the request is parsed and its origin allowed: an active session presented with its own apiUrl and a token that has not expired is reused at
 * once (an expired one ends the session, and the request is then refused like any expired token). Otherwise this
 * request either leads the validation of its credentials or waits for an identical one already under way and then
 * looks again (finding the session the leader stored).
 */
public class CheckSessionReuse implements Processor {

    private final SessionStore store;
    private final InitCoalescer coalescer;
    private final Clock clock;

    public CheckSessionReuse(SessionStore store, InitCoalescer coalescer, Clock clock) {
        this.store = store;
        this.coalescer = coalescer;
        this.clock = clock;
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
        if (session.isPresent() && session.get().tokenTimes().expiredAt(clock.instant().getEpochSecond())) {
            store.end(session.get(), SessionStore.Ending.TOKEN_EXPIRED);
            return false;
        }
        session.ifPresent(reused -> SessionUse.begin(exchange, store, reused));
        return session.isPresent();
    }
}
