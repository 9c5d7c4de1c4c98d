package io.mcpgateway.session;

import java.net.http.HttpResponse;
import java.util.Map;

import io.mcpgateway.testing.GatewayTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code INIT_RATE_LIMIT_PER_MINUTE}: attempts per client address, counted whatever their outcome. */
class InitRateLimitTest extends GatewayTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.init.rate-limit-per-minute", "3");
    }

    @Test
    void attemptsBeyondTheLimitAre429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(postJson("/init", "{}").statusCode()).isEqualTo(400);
        }

        HttpResponse<String> limited = postJson("/init", "{}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(limited.body()).contains("\"error_type\":\"RATE_LIMITED\"");
        // closing sessions is not limited by the init budget
        assertThat(deleteSession("nobody", "x").statusCode()).isEqualTo(404);
    }
}
