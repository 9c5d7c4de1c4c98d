package io.mcpgateway.state.redis;

import java.time.Duration;

import io.mcpgateway.state.RateWindows;
import io.mcpgateway.state.RateWindowsContract;
import io.mcpgateway.testing.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The rate-window contract on a real Redis, counted on the server's clock. */
class RedisRateWindowsIT extends RateWindowsContract {

    private static final RedisTestServer REDIS = RedisTestServer.shared();
    private static final StateSealing SEALING = new StateSealing(TestStates.randomKey(), null);
    private static RedisState state;

    @BeforeAll
    static void connect() {
        state = TestStates.connect(REDIS.url(), Duration.ofMillis(500), 8);
    }

    @AfterAll
    static void disconnect() {
        state.close();
    }

    @Override
    protected RateWindows windows(int limit, Duration period) {
        return new RedisRateWindows(state, TestStates.freshKeys(), SEALING, "rate:test", "session", limit, period);
    }
}
