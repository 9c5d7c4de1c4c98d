package io.mcpgateway.state;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import io.mcpgateway.state.redis.StateSealing;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.RedisTestServer;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with {@code GATEWAY_STATE=redis}, over real HTTP, against a real Redis: the limits count there, the
 * readiness check watches it, and a Redis that goes away makes requests fail closed, then serve again by themselves.
 */
class SharedStateIT extends GatewayTestSupport {

    private static final byte[] STATE_KEY = new byte[32];
    private static RedisTestServer redis;
    private final CredentialApiStub api = new CredentialApiStub();

    @BeforeAll
    static void startRedis() {
        // persistent: the session stored before the outage is still there after it
        redis = RedisTestServer.withPersistence();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopApi() {
        api.close();
        if (!redis.isRunning()) {
            redis.restart();
        }
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("gateway.state.store", "redis", "gateway.state.url", redis.url(),
                "gateway.state.key", Base64.getEncoder().encodeToString(STATE_KEY),
                "gateway.state.timeout-ms", "200", "mcp.rate-limit-per-minute", "3",
                "gateway.init.rate-limit-per-minute", "1000");
    }

    private String openSession(String sessionId) {
        String token = TestTokens.jwt(sessionId + "-user");
        api.accepts(token);
        assertThat(postInit(sessionId, api.apiUrl(""), token).statusCode()).isEqualTo(200);
        return token;
    }

    private HttpResponse<String> listTools(String sessionId, String token) {
        return postAs(token, "/tools/list", "{\"session_id\":\"" + sessionId + "\"}");
    }

    @Test
    void theLimitsCountInRedisUnderKeyedNamesAndReadinessWatchesIt() {
        String token = openSession("shared_user_1");
        for (int i = 0; i < 3; i++) {
            assertThat(listTools("shared_user_1", token).statusCode()).isEqualTo(200);
        }
        assertThat(listTools("shared_user_1", token).statusCode()).isEqualTo(429);

        try (Jedis admin = redis.admin()) {
            String window = "mcpgw:rate:tools:{" + new StateSealing(STATE_KEY, null).name("session", "shared_user_1") + "}";
            assertThat(admin.zcard(window)).as("the session's window, under its keyed name").isEqualTo(3);
            assertThat(admin.keys("*")).noneMatch(key -> key.contains("shared_user") || key.contains("127.0.0.1"))
                    .anyMatch(key -> key.startsWith("mcpgw:rate:init:{"));
        }
        HttpResponse<String> ready = getManagement("/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("shared-state");
    }

    @Test
    void aStoppedRedisFailsRequestsClosedAndReadinessSaysWhyUntilItIsBack() {
        String token = openSession("shared_user_2");
        redis.stop();

        long start = System.nanoTime();
        HttpResponse<String> refused = listTools("shared_user_2", token);
        assertThat((System.nanoTime() - start) / 1_000_000).as("within a bound of the 200 ms timeout").isLessThan(2_000);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.body()).contains("\"error_type\":\"STATE_UNAVAILABLE\"")
                .doesNotContain(redis.password()).doesNotContain(String.valueOf(redis.port()));
        assertThat(postInit("shared_user_3", api.apiUrl(""), token).statusCode()).as("the /init limit too").isEqualTo(503);
        HttpResponse<String> ready = getManagement("/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("shared-state", "Redis unreachable");
        assertThat(getManagement("/observe/health/live").statusCode()).isEqualTo(200);

        redis.restart();
        assertThat(listTools("shared_user_2", token).statusCode()).isEqualTo(200);
        assertThat(getManagement("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(CapturedLogs.text()).doesNotContain(redis.password());
    }
}
