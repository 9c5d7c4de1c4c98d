package io.mcpgateway.state.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.state.ConcurrencyLeases;
import io.mcpgateway.state.RateWindows;
import io.mcpgateway.state.StateHealth;
import io.mcpgateway.state.StateUnavailable;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared-state client against a real redis-server that restarts, pauses, stops and refuses. */
class RedisStateIT {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    /** An order of magnitude above the timeout: how long a failing call may take at most. */
    private static final long BOUND_MILLIS = 10 * TIMEOUT.toMillis();

    private final StateSealing sealing = new StateSealing(TestStates.randomKey(), null);
    private RedisTestServer redis;
    private RedisState state;

    @BeforeEach
    void start() {
        redis = RedisTestServer.start();
        state = TestStates.connect(redis.url(), TIMEOUT, 4);
        CapturedLogs.clear();
    }

    @AfterEach
    void stop() {
        state.close();
        redis.close();
    }

    private RateWindows windows(RedisState on) {
        return new RedisRateWindows(on, TestStates.freshKeys(), sealing, "rate:tools", "session", 1_000, Duration.ofMinutes(1));
    }

    @Test
    void theScriptsDigestIsRedissOwnAndAFlushedScriptIsLoadedAgainAndRun() {
        RateWindows windows = windows(state);
        try (Jedis admin = redis.admin()) {
            assertThat(admin.scriptLoad(RedisRateWindows.SCRIPT.source())).isEqualTo(RedisRateWindows.SCRIPT.sha1());
            assertThat(admin.scriptLoad(RedisConcurrencyLeases.SCRIPT.source())).isEqualTo(RedisConcurrencyLeases.SCRIPT.sha1());
            assertThat(windows.tryAcquire("s")).isTrue();

            admin.scriptFlush(); // as after a restart without persistence of scripts
            assertThat(admin.scriptExists(RedisRateWindows.SCRIPT.sha1())).isFalse();

            assertThat(windows.tryAcquire("s")).as("NOSCRIPT: loaded again, run once more").isTrue();
            assertThat(admin.scriptExists(RedisRateWindows.SCRIPT.sha1())).isTrue();
        }
        assertThat(CapturedLogs.text()).doesNotContain("Shared state unavailable");
    }

    @Test
    void aRedisThatStopsAnsweringIsUnavailableWithinABoundOfTheTimeoutAndServesAgainAfter() throws Exception {
        RateWindows windows = windows(state);
        assertThat(windows.tryAcquire("s")).isTrue();
        try (Jedis admin = redis.admin()) {
            admin.clientPause(1_500);
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> windows.tryAcquire("s")).isInstanceOf(StateUnavailable.class);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(took).as("waited for the timeout, then gave up").isBetween(TIMEOUT.toMillis() - 20, BOUND_MILLIS);
        assertThat(state.health()).isEqualTo(StateHealth.down("Redis did not answer in time"));

        Thread.sleep(1_600);
        assertThat(windows.tryAcquire("s")).isTrue();
        assertThat(state.health().up()).isTrue();
    }

    @Test
    void aStoppedRedisIsUnavailableAndServiceResumesByItselfWhenItIsBack() {
        RateWindows windows = windows(state);
        assertThat(windows.tryAcquire("s")).isTrue();
        redis.stop();

        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> windows.tryAcquire("s")).isInstanceOf(StateUnavailable.class)
                    .satisfies(e -> assertThat(ErrorCatalog.classify(e)).isEqualTo(new ErrorCatalog.Answer(
                            ErrorType.STATE_UNAVAILABLE, "Shared state is unavailable, retry shortly", 2, null)));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(BOUND_MILLIS);
        }
        assertThat(state.health()).isEqualTo(StateHealth.down("Redis unreachable"));

        redis.restart();
        assertThat(windows.tryAcquire("s")).isTrue();
        assertThat(state.health()).isEqualTo(StateHealth.healthy());
    }

    @Test
    void withPersistenceAWindowOutlivesARedisThatCrashedAndCameBack() {
        try (RedisTestServer durable = RedisTestServer.withPersistence();
             RedisState client = TestStates.connect(durable.url(), TIMEOUT, 2)) {
            RateWindows windows = new RedisRateWindows(client, TestStates.freshKeys(), sealing, "rate:tools", "session", 2,
                    Duration.ofMinutes(1));
            assertThat(windows.tryAcquire("s")).isTrue();
            int port = durable.port();

            durable.kill();
            assertThatThrownBy(() -> windows.tryAcquire("s")).isInstanceOf(StateUnavailable.class);
            durable.restart();

            assertThat(durable.port()).isEqualTo(port);
            assertThat(windows.tryAcquire("s")).isTrue();
            assertThat(windows.tryAcquire("s")).as("the acquisition before the crash still counts").isFalse();
        }
    }

    @Test
    void aWrongPasswordIsUnavailableAndReadinessSaysWhy() {
        try (RedisState wrong = TestStates.connect("redis://:not-the-password@127.0.0.1:" + redis.port() + "/0", TIMEOUT, 2)) {
            assertThatThrownBy(() -> windows(wrong).tryAcquire("s")).isInstanceOf(StateUnavailable.class);
            assertThat(wrong.health()).isEqualTo(StateHealth.down("Redis refused authentication"));
        }
    }

    @Test
    void aFullPoolIsUnavailableOnceTheWaitForAConnectionIsOver() {
        try (RedisState one = TestStates.connect(redis.url(), Duration.ofMillis(300), 1)) {
            // what many concurrent calls do to a small pool: its one connection is taken, and stays so for a while
            try (Connection taken = one.call(client -> ((RedisClient) client).getPool().getResource())) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> windows(one).tryAcquire("s")).isInstanceOf(StateUnavailable.class);
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3_000L);
                assertThat(CapturedLogs.text()).contains("No Redis connection free in time");
            }
            assertThat(windows(one).tryAcquire("s")).as("the connection is back").isTrue();
        }
    }

    @Test
    void failuresNeverShowRedissOwnWordsOrThePasswordAndAreLoggedOncePerOutage() throws Exception {
        String password = "hunter2-not-the-password";
        try (RedisState wrong = TestStates.connect("redis://gateway:" + password + "@127.0.0.1:" + redis.port() + "/0",
                TIMEOUT, 2)) {
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> windows(wrong).tryAcquire("s")).isInstanceOfSatisfying(StateUnavailable.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Shared state is unavailable, retry shortly");
                    assertThat(e.getCause()).isNull();
                    assertThat(e.getSuppressed()).isEmpty();
                });
            }
            assertThat(wrong.toString()).doesNotContain(password);
        }
        String broken = "return redis.call('NO_SUCH_COMMAND_PLANTED')";
        RedisScript failing = new RedisScript("broken", broken,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(broken.getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> state.run(failing, List.of("k"), List.of())).isInstanceOf(StateUnavailable.class);

        String logs = CapturedLogs.text();
        assertThat(logs).contains("Redis refused authentication (JedisAccessControlException", "Redis answered with an error")
                .doesNotContain(password).doesNotContain("WRONGPASS").doesNotContain("username-password")
                .doesNotContain("NO_SUCH_COMMAND_PLANTED").doesNotContain("user_script").doesNotContain(redis.password());
        assertThat(logs.lines().filter(line -> line.contains("Shared state unavailable")))
                .as("one line for twenty failures of one outage, one for the other client's").hasSize(2);
    }

    @Test
    void theRecoveryIsLoggedOnceAndANewOutageGetsALineAgain() {
        RateWindows windows = windows(state);
        redis.stop();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> windows.tryAcquire("s")).isInstanceOf(StateUnavailable.class);
        }
        redis.restart();
        assertThat(windows.tryAcquire("s")).isTrue();
        assertThat(windows.tryAcquire("s")).isTrue();
        redis.stop();
        assertThatThrownBy(() -> windows.tryAcquire("s")).isInstanceOf(StateUnavailable.class);

        String logs = CapturedLogs.text();
        assertThat(logs.lines().filter(line -> line.contains("Shared state unavailable: Redis unreachable"))).hasSize(2);
        assertThat(logs.lines().filter(line -> line.contains("Shared state available again (after 5 failed calls)")))
                .hasSize(1);
    }

    @Test
    void noKeyOrValueInRedisHoldsASessionIdClientAddressOrPrincipalInClear() {
        String sessionId = "planted-session-5d1e9c";
        String clientAddress = "198.51.100.77";
        String owner = "principal:planted-sub-42";
        RedisKeys keys = new RedisKeys("mcpgw:");
        new RedisRateWindows(state, keys, sealing, "rate:tools", "session", 10, Duration.ofMinutes(1)).tryAcquire(sessionId);
        new RedisRateWindows(state, keys, sealing, "rate:init", "client", 10, Duration.ofMinutes(1)).tryAcquire(clientAddress);
        ConcurrencyLeases sessions = new RedisConcurrencyLeases(state, keys, sealing, "leases:session", "session", 4);
        ConcurrencyLeases owners = new RedisConcurrencyLeases(state, keys, sealing, "leases:owner", "owner", 4);
        assertThat(sessions.tryTake(sessionId, Duration.ofMinutes(1))).isPresent();
        assertThat(owners.tryTake(owner, Duration.ofMinutes(1))).isPresent();

        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        List<String> names;
        try (Jedis admin = redis.admin()) {
            names = scanAll(admin);
            for (String key : names) {
                dump.writeBytes(key.getBytes(StandardCharsets.UTF_8));
                dump.writeBytes(admin.type(key).getBytes(StandardCharsets.UTF_8));
                for (Tuple member : admin.zrangeWithScores(key, 0, -1)) {
                    dump.writeBytes(member.getBinaryElement());
                }
                dump.writeBytes(admin.dump(key));
            }
        }
        assertThat(names).hasSize(4).allMatch(key -> key.matches("mcpgw:(rate:tools|rate:init|leases:session|leases:owner)"
                + ":\\{[A-Za-z0-9_-]{43}}"));
        String everything = dump.toString(StandardCharsets.ISO_8859_1);
        for (String planted : List.of(sessionId, clientAddress, "planted-sub-42", "5d1e9c", "198.51")) {
            assertThat(everything).doesNotContain(planted);
        }
    }

    private static List<String> scanAll(Jedis admin) {
        List<String> keys = new java.util.ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = admin.scan(cursor, new ScanParams().count(1_000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
