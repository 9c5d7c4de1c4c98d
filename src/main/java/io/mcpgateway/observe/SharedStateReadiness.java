package io.mcpgateway.observe;

import java.util.Map;
import java.util.function.Supplier;

import io.mcpgateway.state.StateHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness is DOWN while the shared state (Redis) does not answer: every request that needs it would be refused with
 * 503, so a load balancer should prefer another instance. The message says why ("Redis unreachable", "Redis refused
 * authentication"...), never the address or the credentials. Liveness is not affected: restarting the gateway would
 * not bring Redis back.
 */
public final class SharedStateReadiness extends AbstractHealthCheck {

    private final Supplier<StateHealth> health;

    public SharedStateReadiness(Supplier<StateHealth> health) {
        super("mcp-gateway", "shared-state");
        this.health = health;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StateHealth now = health.get();
        if (now.up()) {
            builder.up();
        } else {
            builder.message(now.reason()).down();
        }
    }
}
