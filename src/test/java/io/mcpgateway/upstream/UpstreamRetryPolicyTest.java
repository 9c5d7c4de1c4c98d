package io.mcpgateway.upstream;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamRetryPolicyTest {

    private static boolean retried(String method, Throwable failure) {
        return UpstreamRetryPolicy.retryable(method, failure);
    }

    @Test
    void aRequestThatNeverLeftIsRetriedForAnyMethod() {
        assertThat(retried("tools/call", new ConnectException("refused"))).isTrue();
        assertThat(retried("tools/call", new RuntimeException(new ConnectException("wrapped")))).isTrue();
        assertThat(retried("tools/list", new ConnectException("refused"))).isTrue();
    }

    @Test
    void gatewayErrorsAndTimeoutsAreRetriedForSafeMethodsOnly() {
        for (int status : new int[] {502, 503, 504}) {
            UpstreamFailures.ServerError error = new UpstreamFailures.ServerError(status);
            assertThat(retried("tools/list", error)).isTrue();
            assertThat(retried("initialize", error)).isTrue();
            assertThat(retried("resources/read", error)).isTrue();
            assertThat(retried("tools/call", error)).isFalse();
        }
        assertThat(retried("tools/list", new UpstreamFailures.ServerError(500))).isFalse();
        assertThat(retried("prompts/get", new SocketTimeoutException())).isTrue();
        assertThat(retried("tools/call", new SocketTimeoutException())).isFalse();
        assertThat(retried("tools/call", new JsonRpcReplyReader.ReplyTimeoutException())).isFalse();
    }

    @Test
    void aRequestThatMayHaveBeenProcessedOrAnOpenCircuitIsNotRetried() {
        assertThat(retried("tools/list", new NoHttpResponseException("no answer"))).isFalse();
        assertThat(retried("tools/call", new NoHttpResponseException("no answer"))).isFalse();
        assertThat(retried("tools/list", CallNotPermittedException.createCallNotPermittedException(
                io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("test")))).isFalse();
        assertThat(retried("tools/list", new InterruptedIOException("deadline"))).isTrue();
    }

    @Test
    void pausesGrowExponentiallyWithJitterAndAreCapped() {
        for (int i = 0; i < 50; i++) {
            assertThat(UpstreamRetryPolicy.pauseMillis(0)).isBetween(160L, 240L);
            assertThat(UpstreamRetryPolicy.pauseMillis(2)).isBetween(640L, 960L);
            assertThat(UpstreamRetryPolicy.pauseMillis(9)).isBetween(4_000L, 6_000L);
        }
    }

    /** Counts nothing: the slots are what is under test. */
    private static final UpstreamMeters NO_METERS = new UpstreamMeters() {
        @Override
        public void upstreamCall(String upstream, String method, ErrorType failedWith, long nanos) {
        }

        @Override
        public void upstreamRetry(String upstream, String method) {
        }

        @Override
        public void signatureRejected(String upstream, int status) {
        }
    };

    private static Exchange call() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(io.mcpgateway.http.GatewayExchange.UPSTREAM_METHOD, "tools/call");
        return exchange;
    }

    @Test
    void anUpstreamsCallSlotsBoundItsCallsInProgressAndComeBackWhenEachEnds() throws Exception {
        UpstreamRetryPolicy policy = new UpstreamRetryPolicy("code", 0, Duration.ofSeconds(5), NO_METERS, false, 2);
        Exchange first = call();
        Exchange second = call();
        policy.start(first);
        policy.start(second);
        assertThatThrownBy(() -> policy.start(call())).isInstanceOfSatisfying(GatewayException.class,
                refused -> assertThat(refused.type()).isEqualTo(ErrorType.RATE_LIMITED));
        policy.finish(first);
        policy.start(call());
        // a call that failed for good gives its slot back too
        second.setProperty(Exchange.EXCEPTION_CAUGHT, new ConnectException("refused"));
        assertThatThrownBy(() -> policy.retryOrFail(second)).isInstanceOf(ConnectException.class);
        policy.start(call());
    }

    @Test
    void aSlotGoesBackToTheEntryItWasTakenFromWhateverEntryEndsTheCall() throws Exception {
        // a reload replaced the upstream's entry while the call ran: the old entry's slot comes back, the new
        // entry's are untouched
        UpstreamRetryPolicy before = new UpstreamRetryPolicy("code", 0, Duration.ofSeconds(5), NO_METERS, false, 1);
        UpstreamRetryPolicy after = new UpstreamRetryPolicy("code", 0, Duration.ofSeconds(5), NO_METERS, false, 1);
        Exchange running = call();
        before.start(running);
        after.finish(running);
        before.start(call());
        after.start(call());
        assertThatThrownBy(() -> after.start(call())).isInstanceOf(GatewayException.class);
    }
}
