package io.mcpgateway.upstream;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
