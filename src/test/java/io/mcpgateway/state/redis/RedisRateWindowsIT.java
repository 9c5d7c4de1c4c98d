package io.mcpgateway.state.redis;

import java.time.Duration;

import io.mcpgateway.state.RateWindows;
import io.mcpgateway.state.RateWindowsContract;
import io.mcpgateway.testing.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The rate-window contract on a real Redis, counted on the server's clock. */
class RedisRateWindowsIT extends RateWindowsContract {

    private static RedisTestServer redis;
    private static RedisState state;
    private static final StateSealing SEALING = new StateSealing(TestStates.randomKey(), null);

    @BeforeAll
    static void startRedis() {
        redis = RedisTestServer.start();
        state = TestStates.connect(redis.url(), Duration.ofMillis(500), 8);
    }

    @AfterAll
    static void stopRedis() {
        state.close();
        redis.close();
    }

    @Override
    protected RateWindows windows(int limit, Duration period) {
        return new RedisRateWindows(state, TestStates.freshKeys(), SEALING, "rate:test", "session", limit, period);
    }
}
