package io.mcpgateway.observe;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import io.mcpgateway.upstream.Upstream;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness is DOWN while no upstream can serve (every circuit open: every tool request would be refused with 503, so
 * a load balancer should prefer another instance), or while an upstream marked {@code required} cannot. Half-open
 * counts as ready, so that trial calls can close the circuit again. Each upstream's circuit state is a detail. Liveness
 * is not affected: restarting the gateway would not heal an upstream.
 */
public final class UpstreamCircuitReadiness extends AbstractHealthCheck {

    private final Supplier<Collection<Upstream>> upstreams;

    /** @param upstreams the upstreams configured now (a reload changes them) */
    public UpstreamCircuitReadiness(Supplier<Collection<Upstream>> upstreams) {
        super("mcp-gateway", "upstream-circuit");
        this.upstreams = upstreams;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Collection<Upstream> configured = upstreams.get();
        boolean anyServes = false;
        String requiredDown = null;
        for (Upstream upstream : configured) {
            builder.detail(configured.size() == 1 ? "state" : "upstream." + upstream.name() + ".state",
                    upstream.breaker().getState().name());
            anyServes |= upstream.canServe();
            if (!upstream.canServe() && upstream.definition().required() && requiredDown == null) {
                requiredDown = upstream.name();
            }
        }
        if (!anyServes) {
            builder.message(configured.size() == 1 ? "The upstream MCP server's circuit is open"
                    : "Every upstream MCP server's circuit is open").down();
        } else if (requiredDown != null) {
            builder.message("The circuit of the required upstream " + requiredDown + " is open").down();
        } else {
            builder.up();
        }
    }
}
