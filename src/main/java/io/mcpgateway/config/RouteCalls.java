package io.mcpgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRequests;
import io.mcpgateway.upstream.UpstreamSession;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Every place Java starts a route, through one template (thread-safe, made once the context runs): the steps that
 * need a sub-route (a server's request answered, a stream resumed, a tool list fetched for a call, a session's
 * credentials probed again, an upstream session ended) are given these methods, not the context.
 */
final class RouteCalls {

    private final CamelContext context;
    private volatile ProducerTemplate template;

    RouteCalls(CamelContext context) {
        this.context = context;
    }

    /** Runs the route on the exchange given (a copy the caller made, or the caller's own), and returns it. */
    Exchange send(String uri, Exchange exchange) {
        return template().send(uri, exchange);
    }

    /** Answers a server's request on a stream through {@code refuse-server-request}, in the same upstream session. */
    void refuseServerRequest(Exchange streaming, JsonNode serverRequest) {
        template().send("direct:refuse-server-request", exchange -> {
            exchange.setProperty(GatewayExchange.SESSION, streaming.getProperty(GatewayExchange.SESSION));
            exchange.setProperty(GatewayExchange.UPSTREAM_NAME, streaming.getProperty(GatewayExchange.UPSTREAM_NAME));
            exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, streaming.getProperty(GatewayExchange.UPSTREAM_SESSION));
            exchange.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS,
                    streaming.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS));
            exchange.setProperty(UpstreamRequests.SERVER_REQUEST_ID, serverRequest.get("id"));
        });
    }

    /** The credential probe for a session being re-validated, through the same route as an /init's. */
    Throwable probeSession(Exchange request, GatewaySession session) {
        return template().send("direct:validate-credentials", probe -> {
            probe.setProperty(GatewayExchange.INIT_REQUEST, session.credentials());
            probe.setProperty(GatewayExchange.SESSION_ID, session.sessionId());
            probe.setProperty(GatewayExchange.REQUEST_ID, request.getProperty(GatewayExchange.REQUEST_ID));
        }).getException();
    }

    /**
     * Ends an upstream session (one with an id: a modern-era upstream has none) in the background: removal listeners,
     * closes and refused inits must not wait for it.
     */
    void endUpstreamSession(String upstreamName, UpstreamSession upstream) {
        endUpstreamSession(upstreamName, null, upstream);
    }

    /** The same, with an entry a reload took out of the registry (its own client and credential end it). */
    void endUpstreamSession(Upstream entry, UpstreamSession upstream) {
        endUpstreamSession(entry.name(), entry, upstream);
    }

    private void endUpstreamSession(String upstreamName, Upstream entry, UpstreamSession upstream) {
        if (upstream != null && upstream.sessionId() != null && context.isStarted()) {
            template().asyncSend("direct:end-upstream-session", exchange -> {
                exchange.setProperty(GatewayExchange.UPSTREAM_NAME, upstreamName);
                if (entry != null) {
                    UpstreamRegistry.pin(exchange, entry);
                }
                exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, upstream);
            });
        }
    }

    /** Every upstream session of the session, each with its own upstream, in the background. */
    void endUpstreamSessions(GatewaySession session) {
        session.upstreams().forEach(this::endUpstreamSession);
    }

    private ProducerTemplate template() {
        ProducerTemplate current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                current = template;
            }
        }
        return current;
    }
}
