package io.mcpgateway.state.redis;

import java.time.Duration;

import io.mcpgateway.state.ConcurrencyLeases;
import io.mcpgateway.state.ConcurrencyLeasesContract;
import io.mcpgateway.testing.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease contract on a real Redis; and what only a shared store needs: leases that lapse by themselves. */
class RedisConcurrencyLeasesIT extends ConcurrencyLeasesContract {

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
    protected ConcurrencyLeases leases(int perKey) {
        return new RedisConcurrencyLeases(state, TestStates.freshKeys(), SEALING, "leases:test", "session", perKey);
    }

    @Test
    void aLeaseNeverReleasedLapsesAtItsDeadline() throws InterruptedException {
        ConcurrencyLeases leases = leases(1);
        long start = System.nanoTime();
        assertThat(leases.tryTake("crashed", Duration.ofMillis(600))).isPresent(); // its replica dies: never released
        assertThat(leases.tryTake("crashed", HOLD)).isEmpty();

        Thread.sleep(300);
        assertThat(leases.tryTake("crashed", HOLD)).as("still within its deadline").isEmpty();
        sleepUntil(start, 900);
        assertThat(leases.tryTake("crashed", HOLD)).as("lapsed at its deadline").isPresent();
    }

    @Test
    void aKeyLivesAsLongAsItsLatestLeaseAndGoesWithItsLastRelease() {
        RedisKeys keys = TestStates.freshKeys();
        ConcurrencyLeases leases = new RedisConcurrencyLeases(state, keys, SEALING, "leases:test", "session", 2);
        ConcurrencyLeases.Lease longer = leases.tryTake("s", Duration.ofMillis(5_000)).orElseThrow();
        ConcurrencyLeases.Lease shorter = leases.tryTake("s", Duration.ofMillis(500)).orElseThrow();
        String key = keys.key("leases:test", SEALING.name("session", "s"));
        try (Jedis admin = REDIS.admin()) {
            assertThat(admin.pttl(key)).as("kept for the longer lease, not the last taken").isBetween(4_000L, 5_000L);
            shorter.release();
            longer.release();
            assertThat(admin.exists(key)).isFalse();
        }
    }

    @Test
    void aLeaseWhoseReleaseFailedWhileRedisWasDownIsReleasedOnceItIsBack() {
        try (RedisTestServer redis = RedisTestServer.withPersistence();
             RedisState own = TestStates.connect(redis.url(), Duration.ofMillis(300), 2)) {
            ConcurrencyLeases leases = new RedisConcurrencyLeases(own, TestStates.freshKeys(), SEALING, "leases:test",
                    "session", 1);
            ConcurrencyLeases.Lease held = leases.tryTake("outage", Duration.ofMinutes(5)).orElseThrow();
            redis.stop();
            held.release(); // fails: Redis is down
            leases.retryReleases(); // still down: kept for later
            redis.restart();
            assertThat(leases.tryTake("outage", HOLD)).as("the persisted lease still holds the slot").isEmpty();

            leases.retryReleases();
            assertThat(leases.tryTake("outage", HOLD)).as("given back once Redis answered").isPresent();
        }
    }

    private static void sleepUntil(long startNanos, long millisAfter) throws InterruptedException {
        long left = millisAfter - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
