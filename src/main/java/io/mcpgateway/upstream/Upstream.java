package io.mcpgateway.upstream;

import java.net.URI;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpgateway.upstream.federation.UpstreamDefinition;

/**
 * One upstream MCP server and everything that belongs to it alone: its settings, how its requests are built and
 * signed (with the gateway's credential for it), the HTTP endpoint whose client pool, TLS trust and timeouts are its
 * own, its circuit breaker, its retry rule and call slots, the bounded reader of its answers and what the gateway
 * learnt of its protocol era. Routes never name an upstream: the steps find the exchange's one in the
 * {@link UpstreamRegistry}.
 *
 * @param endpointUri the Camel endpoint of its HTTP client, with the options the reply reader relies on
 */
public record Upstream(UpstreamDefinition definition, String endpointUri, UpstreamRequests requests,
                       CircuitBreaker breaker, UpstreamRetryPolicy retries, ReadUpstreamReply replies,
                       ProtocolEras eras) {

    public String name() {
        return definition.name();
    }

    public URI url() {
        return definition.url();
    }

    /** Whether its circuit lets calls through (half-open does: its trial calls may close it again). */
    public boolean canServe() {
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }
}
