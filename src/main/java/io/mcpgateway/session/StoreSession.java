package io.mcpgateway.session;

import java.util.Map;
import java.util.function.BiConsumer;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /init}, last step: keeps the validated session (or refreshes its token), or, when a concurrent init took the
 * id or the last place meanwhile, answers as {@link CheckSessionAdmission} would and ends the upstream session opened.
 */
public class StoreSession implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSession.class);

    private final SessionStore store;
    private final BiConsumer<String, UpstreamSession> endUpstreamSession;

    /** @param endUpstreamSession ends, by upstream name, an upstream session opened for a request then refused (409) */
    public StoreSession(SessionStore store, BiConsumer<String, UpstreamSession> endUpstreamSession) {
        this.store = store;
        this.endUpstreamSession = endUpstreamSession;
    }

    @Override
    public void process(Exchange exchange) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        @SuppressWarnings("unchecked")
        Map<String, UpstreamSession> upstreams = exchange.getProperty(GatewayExchange.UPSTREAM_SESSIONS, Map.class);
        SessionStore.Stored stored;
        try {
            stored = store.store(SessionRecord.of(request, exchange.getProperty(GatewayExchange.PRINCIPAL, String.class),
                    exchange.getProperty(GatewayExchange.CLIENT_ADDRESS, String.class),
                    exchange.getProperty(GatewayExchange.TOKEN_TIMES, TokenTimes.class), upstreams));
        } catch (RuntimeException refused) {
            if (upstreams != null) {
                upstreams.forEach(endUpstreamSession);
            }
            throw refused;
        }
        exchange.setProperty(GatewayExchange.SESSION_STORED, stored);
        store.peek(request.sessionId()).ifPresent(session -> exchange.setProperty(GatewayExchange.SESSION, session));
        LOG.info("[GATEWAY] Session {} for session_id: {} (request_id={}, {} ms)",
                stored == SessionStore.Stored.CREATED ? "opened" : "refreshed", request.sessionId(),
                exchange.getProperty(GatewayExchange.REQUEST_ID), GatewayExchange.elapsedMillis(exchange));
    }
}
