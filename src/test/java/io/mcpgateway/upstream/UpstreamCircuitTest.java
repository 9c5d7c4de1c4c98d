package io.mcpgateway.upstream;

import java.io.IOException;
import java.net.URI;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamCircuitTest {

    private final CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(4)
            .minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(java.time.Duration.ofSeconds(60)).build());
    private final Upstream upstream = new Upstream(null, "mock:test", null, breaker, null, null, null);

    @Test
    void anAttemptCountsAsItsOutcomeAndTheFailureGoesOn() throws Exception {
        Exchange ok = attempt();
        UpstreamCircuit.succeeded(upstream, ok);

        Exchange failing = attempt();
        IOException failure = new IOException("reset");
        failing.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        assertThatThrownBy(() -> UpstreamCircuit.failed(upstream, failing)).isSameAs(failure);

        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void halfTheLastCallsFailedOpensItAndAnOpenCircuitRefusesWithoutCountingTheRefusal() throws Exception {
        for (int i = 0; i < 2; i++) {
            UpstreamCircuit.succeeded(upstream, attempt());
            Exchange failing = attempt();
            failing.setProperty(Exchange.EXCEPTION_CAUGHT, new IOException("reset"));
            assertThatThrownBy(() -> UpstreamCircuit.failed(upstream, failing)).isInstanceOf(IOException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        Exchange refused = new DefaultExchange(new DefaultCamelContext());
        assertThatThrownBy(() -> UpstreamCircuit.enter(upstream, refused)).isInstanceOfSatisfying(GatewayException.class,
                open -> {
                    assertThat(open.type()).isEqualTo(ErrorType.UPSTREAM_UNAVAILABLE);
                    assertThat(open.retryAfterSeconds()).as("the circuit's open time").isEqualTo(60);
                });
        assertThat(refused.getProperty(UpstreamCircuit.ENTERED_NANOS)).as("never entered").isNull();
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(4);
    }

    private Exchange attempt() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        UpstreamCircuit.enter(upstream, exchange);
        return exchange;
    }
}
