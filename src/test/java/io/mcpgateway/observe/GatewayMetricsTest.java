package io.mcpgateway.observe;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry, List.of("tools/call"));

    @Test
    void anEvictionIsCountedOnTheCounterThatStartedAtZero() {
        assertThat(registry.get("mcp.gateway.sessions.evicted").counter().count()).isZero();

        metrics.sessionEvicted();
        metrics.sessionEvicted();

        assertThat(registry.get("mcp.gateway.sessions.evicted").counter().count()).isEqualTo(2.0);
    }

    @Test
    void aSessionLimitRefusalOfAnInitIsCountedUnderLimitSessions() {
        metrics.gatewayRoutes();

        metrics.throttled(GatewayMetrics.INIT_SESSION, GatewayMetrics.Limit.SESSIONS);

        assertThat(registry.get("mcp.gateway.throttle.rejections").tags("route", "init-session", "limit", "sessions")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("mcp.gateway.throttle.rejections").tags("route", "init-session", "limit", "rate")
                .counter().count()).isZero();
    }
}
