package io.mcpgateway.upstream;

import java.net.URI;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One upstream MCP server and everything that belongs to it alone: where it is, how its requests are built and
 * signed (with the gateway's credential for it), the HTTP endpoint whose client pool, TLS trust and timeouts are its
 * own, its circuit breaker, its retry rule and what the gateway learnt of its protocol era. Routes never name an
 * upstream: the steps find the exchange's one in the {@link UpstreamRegistry}.
 *
 * @param endpointUri the Camel endpoint of its HTTP client, with the options the reply reader relies on
 */
public record Upstream(String name, URI url, String endpointUri, UpstreamRequests requests, CircuitBreaker breaker,
                       UpstreamRetryPolicy retries, ProtocolEras eras) {
}
