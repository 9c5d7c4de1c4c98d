package io.mcpgateway.observe;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness is DOWN while the upstream circuit is open: every tool request would be refused with 503, so a load
 * balancer should prefer another instance. Half-open counts as ready, so that trial calls can close the circuit again.
 * Liveness is not affected: restarting the gateway would not heal the upstream.
 */
public final class UpstreamCircuitReadiness extends AbstractHealthCheck {

    private final CircuitBreaker breaker;

    public UpstreamCircuitReadiness(CircuitBreaker breaker) {
        super("mcp-gateway", "upstream-circuit");
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CircuitBreaker.State state = breaker.getState();
        builder.detail("state", state.name());
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            builder.message("The upstream MCP server's circuit is open").down();
        } else {
            builder.up();
        }
    }
}
