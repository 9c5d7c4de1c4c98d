package io.mcpgateway.upstream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.apache.camel.Exchange;

/**
 * The circuit breaker around one attempt, as three steps of {@code send-upstream} instead of Camel's
 * {@code circuitBreaker} EIP: the EIP runs its steps on a copy of the exchange with a unit of work of its own, and
 * names one breaker bean for all exchanges, where each upstream has its own. Every failure thrown between
 * {@link #enter} and {@link #succeeded} counts against the upstream (connection error, timeout, 5xx: the reply
 * reader keeps the failures that must not count for after the breaker, see {@link ReadUpstreamReply}).
 */
public final class UpstreamCircuit {

    static final String ENTERED_NANOS = "gatewayUpstreamCircuitEnteredNanos";

    private UpstreamCircuit() {
    }

    /** An open circuit refuses the attempt at once (503 UPSTREAM_UNAVAILABLE), without touching the network. */
    public static void enter(Upstream upstream, Exchange exchange) {
        exchange.removeProperty(ENTERED_NANOS); // a refused attempt must not be counted as the previous one's
        try {
            upstream.breaker().acquirePermission();
        } catch (CallNotPermittedException open) {
            long openSeconds = upstream.breaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                    .apply(1) / 1000;
            throw GatewayException.retryAfter(ErrorType.UPSTREAM_UNAVAILABLE, "The MCP server is unavailable, retry later",
                    openSeconds);
        }
        exchange.setProperty(ENTERED_NANOS, upstream.breaker().getCurrentTimestamp());
    }

    public static void succeeded(Upstream upstream, Exchange exchange) {
        CircuitBreaker breaker = upstream.breaker();
        breaker.onSuccess(breaker.getCurrentTimestamp() - entered(exchange, breaker), breaker.getTimestampUnit());
    }

    /** Counts the attempt's failure, then lets it go on to the retry rule. */
    public static void failed(Upstream upstream, Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Long entered = exchange.getProperty(ENTERED_NANOS, Long.class);
        if (entered != null) { // not when the circuit refused the attempt: that one never entered
            CircuitBreaker breaker = upstream.breaker();
            breaker.onError(breaker.getCurrentTimestamp() - entered, breaker.getTimestampUnit(), failure);
        }
        throw failure;
    }

    private static long entered(Exchange exchange, CircuitBreaker breaker) {
        Long entered = exchange.getProperty(ENTERED_NANOS, Long.class);
        return entered == null ? breaker.getCurrentTimestamp() : entered;
    }
}
