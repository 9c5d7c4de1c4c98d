package io.mcpgateway.observe;

import java.util.List;
import java.util.Map;

import io.mcpgateway.testing.TestUpstreams;
import io.mcpgateway.upstream.Upstream;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness with several upstreams: DOWN only when none can serve, or when a required one cannot. */
class UpstreamCircuitReadinessTest {

    private static Upstream upstream(String name, boolean required, boolean open) {
        Upstream upstream = TestUpstreams.upstream(name, required);
        if (open) {
            upstream.breaker().transitionToOpenState();
        }
        return upstream;
    }

    private static HealthCheck.Result check(Upstream... upstreams) {
        UpstreamCircuitReadiness readiness = new UpstreamCircuitReadiness(() -> List.of(upstreams));
        readiness.setCamelContext(new DefaultCamelContext());
        return readiness.call(Map.of());
    }

    @Test
    void oneOpenCircuitOfSeveralLeavesTheGatewayReady() {
        HealthCheck.Result result = check(upstream("tickets", false, true), upstream("code", false, false));
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("upstream.tickets.state", "OPEN")
                .containsEntry("upstream.code.state", "CLOSED");
    }

    @Test
    void everyCircuitOpenIsDown() {
        HealthCheck.Result result = check(upstream("tickets", false, true), upstream("code", false, true));
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage().orElse("")).contains("Every upstream");
    }

    @Test
    void aRequiredUpstreamThatCannotServeIsDownWhateverTheOthers() {
        HealthCheck.Result result = check(upstream("tickets", true, true), upstream("code", false, false));
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage().orElse("")).contains("required upstream tickets");
    }

    @Test
    void theOneUpstreamOfTheMcpSettingsKeepsItsDetailName() {
        assertThat(check(upstream("default", true, true)).getDetails()).containsEntry("state", "OPEN");
    }
}
