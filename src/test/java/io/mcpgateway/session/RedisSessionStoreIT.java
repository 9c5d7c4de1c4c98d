package io.mcpgateway.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.state.redis.RedisEndpoint;
import io.mcpgateway.state.redis.RedisKeys;
import io.mcpgateway.state.redis.RedisState;
import io.mcpgateway.state.redis.StateSealing;
import io.mcpgateway.testing.RedisTestServer;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.upstream.UpstreamSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store contract on a real Redis, with the server's clock moved by an offset the test controls; then what
 * only a shared store must do: two gateways (two stores on one Redis) see one truth, end a session once, and leave
 * nothing readable in Redis.
 */
class RedisSessionStoreIT extends SessionStoreContract {

    private static RedisTestServer redis;
    private static RedisState state;
    private static final StateSealing SEALING = new StateSealing(randomKey(), null);

    private final AtomicLong offsetMillis = new AtomicLong();
    private final RedisKeys keys = new RedisKeys("test-" + UUID.randomUUID() + ":");

    @BeforeAll
    static void startRedis() {
        redis = RedisTestServer.start();
        state = RedisState.connect(new RedisState.Options(RedisEndpoint.parse(redis.url()).orElseThrow(), null,
                Duration.ofSeconds(2), 8));
    }

    @AfterAll
    static void stopRedis() {
        state.close();
        redis.close();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[StateSealing.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    protected SessionStore newStore(SessionStore.Limits limits) {
        // each store of a test under a prefix of its own, like another deployment on the same Redis
        return new RedisSessionStore(state, new RedisKeys(keys.prefix() + UUID.randomUUID() + ":"), SEALING, limits,
                offsetMillis::get);
    }

    @Override
    protected void advance(Duration duration) {
        offsetMillis.addAndGet(duration.toMillis());
    }

    private RedisSessionStore replica() {
        return new RedisSessionStore(state, keys, SEALING, new SessionStore.Limits(Duration.ofMinutes(30),
                Duration.ofHours(12), 1000, 1000, 1000), offsetMillis::get);
    }

    private static SessionRecord record(String sessionId, String subject, String client) {
        return SessionRecord.of(InitRequest.of(sessionId, "https://api.example.com", TestTokens.jwt(subject)), subject,
                client, TokenTimes.NONE, Map.of("default", new UpstreamSession("upstream-" + sessionId, "2025-06-18")));
    }

    @Test
    void aSessionStoredByOneGatewayIsServedAndClosedByAnother() {
        RedisSessionStore a = replica();
        RedisSessionStore b = replica();
        SessionRecord record = record("shared", "alice", "10.0.0.1");
        a.store(record);

        GatewaySession onB = b.peek("shared").orElseThrow();
        assertThat(onB.record()).isEqualTo(record);
        assertThat(b.close(onB)).isTrue();

        assertThat(a.peek("shared")).isEmpty();
    }

    @Test
    void twoGatewaysRacingOnOneSessionIdGiveExactlyOneWinner() throws Exception {
        List<RedisSessionStore> replicas = List.of(replica(), replica());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RedisSessionStore store = replicas.get(i % 2);
                String subject = "user-" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return store.store(record("race", subject, "10.0.0." + subject.length())).name();
                    } catch (GatewayException e) {
                        return e.type().name();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce("CREATED").contains("SESSION_CONFLICT").doesNotContain("REFRESHED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleSessionEndsOnceWhicheverGatewaysSweepIt() {
        RedisSessionStore a = replica();
        RedisSessionStore b = replica();
        List<String> ended = new CopyOnWriteArrayList<>();
        a.onEnded((session, ending) -> ended.add("a:" + session.sessionId() + ":" + ending + ":" + session.upstream("default").sessionId()));
        b.onEnded((session, ending) -> ended.add("b:" + session.sessionId() + ":" + ending + ":" + session.upstream("default").sessionId()));
        a.store(record("idle", "alice", "10.0.0.1"));
        advance(Duration.ofMinutes(31));

        b.cleanUp();
        a.cleanUp();
        b.peek("idle");
        a.peek("idle");

        assertThat(ended).containsExactly("b:idle:IDLE:upstream-idle");
    }

    @Test
    void aRehandshakesUpstreamSessionIsWhatTheOtherGatewayUsesNext() {
        RedisSessionStore a = replica();
        RedisSessionStore b = replica();
        a.store(record("moved", "alice", "10.0.0.1"));

        a.peek("moved").orElseThrow().replaceUpstream("default", new UpstreamSession("upstream-2", "2025-06-18"));

        assertThat(b.peek("moved").orElseThrow().upstream("default").sessionId()).isEqualTo("upstream-2");
    }

    @Test
    void upstreamSessionsOpenedAtOnceOnOneGatewayAreAllKeptForTheOthers() throws Exception {
        RedisSessionStore a = replica();
        RedisSessionStore b = replica();
        a.store(record("several", "alice", "10.0.0.1"));
        GatewaySession session = a.peek("several").orElseThrow();
        List<String> upstreams = List.of("tickets", "code", "docs", "weather", "search", "wiki", "crm", "hr");
        ExecutorService pool = Executors.newFixedThreadPool(upstreams.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> opened = new ArrayList<>();
        for (String upstream : upstreams) {
            opened.add(pool.submit(() -> {
                start.await();
                session.replaceUpstream(upstream, new UpstreamSession(upstream + "-1", "2025-06-18"));
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : opened) {
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(b.peek("several").orElseThrow().upstreams()).containsKeys(upstreams.toArray(String[]::new));
    }

    @Test
    void redisHoldsNoSessionIdTokenApiUrlOrPrincipalInClear() {
        RedisSessionStore a = replica();
        String token = TestTokens.jwt("planted-principal-7f3a");
        InitRequest request = InitRequest.of("planted-session-9c1d", "https://planted-api-4b2e.example.com", token);
        a.store(SessionRecord.of(request, "planted-principal-7f3a", "10.9.8.7", TokenTimes.NONE,
                Map.of("default", new UpstreamSession("planted-upstream-session", "2025-06-18"))));
        a.markUsed(a.peek("planted-session-9c1d").orElseThrow());

        StringBuilder dump = new StringBuilder();
        try (Jedis admin = redis.admin()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = admin.scan(cursor, new ScanParams().match(keys.prefix() + "*").count(100));
                for (String key : page.getResult()) {
                    // each value as read back (DUMP's RDB form may compress long strings, which would hide them)
                    dump.append(key).append('\n').append(switch (admin.type(key)) {
                        case "string" -> admin.get(key);
                        case "hash" -> admin.hgetAll(key).toString();
                        case "zset" -> admin.zrangeWithScores(key, 0, -1).toString();
                        case "set" -> admin.smembers(key).toString();
                        case "none" -> ""; // expired between SCAN and now (a short-lived key)
                        default -> admin.type(key) + " " + new String(admin.dump(key), StandardCharsets.ISO_8859_1);
                    }).append('\n');
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertThat(dump).as("something was stored").contains(keys.prefix() + "session:{");
        assertThat(dump.toString()).doesNotContain("planted-session-9c1d", "planted-api-4b2e", "planted-principal-7f3a",
                token, token.substring(token.lastIndexOf('.') + 1), "10.9.8.7", "planted-upstream-session");
    }

    @Test
    void aKeyRotationKeepsEverySessionAndItsBounds() {
        byte[] oldKey = randomKey();
        SessionStore.Limits limits = new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 1000, 2, 1000);
        RedisSessionStore before = new RedisSessionStore(state, keys, new StateSealing(oldKey, null), limits,
                offsetMillis::get);
        SessionRecord first = record("rotated", "alice", "10.0.0.1");
        before.store(first);
        before.store(record("second", "alice", "10.0.0.1"));

        RedisSessionStore after = new RedisSessionStore(state, keys, new StateSealing(randomKey(), oldKey), limits,
                offsetMillis::get);

        assertThat(after.peek("rotated").orElseThrow().record()).isEqualTo(first);
        assertThat(after.size()).isEqualTo(2);
        assertThat(before.peek("rotated")).as("moved: the old name is gone").isEmpty();
        assertThat(after.peek("second")).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> after.store(record("third", "alice", "10.0.0.1")))
                .as("the moved sessions still count for their principal")
                .isInstanceOf(SessionStore.SessionLimitReached.class);
        assertThat(after.close(after.peek("rotated").orElseThrow())).isTrue();
        assertThat(after.store(record("third", "alice", "10.0.0.1"))).isEqualTo(SessionStore.Stored.CREATED);
    }

    @Test
    void aReValidationOnOneGatewayIsWhatTheOthersCountFrom() {
        RedisSessionStore a = replica();
        a.store(record("checked", "alice", "10.0.0.1"));
        advance(Duration.ofMinutes(20));
        long staleBy = System.nanoTime() - replica().peek("checked").orElseThrow().revalidation().lastAcceptedNanos();
        assertThat(Duration.ofNanos(staleBy)).as("accepted when stored").isGreaterThan(Duration.ofMinutes(19));

        a.revalidated(a.peek("checked").orElseThrow());

        long freshBy = System.nanoTime() - replica().peek("checked").orElseThrow().revalidation().lastAcceptedNanos();
        assertThat(Duration.ofNanos(freshBy)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void theEvictionOrderIsTheOrderOfTheCallsEvenWhenTheClockStandsStill() {
        SessionStore small = newStore(new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 5, 100, 100));
        long start = System.currentTimeMillis();
        for (int i = 0; i < 12; i++) {
            offsetMillis.set(start - System.currentTimeMillis()); // Redis's clock reads the same millisecond every time
            small.store(record("still" + i, "user" + i, "10.0.0.1"));
        }

        assertThat(small.ids()).containsExactlyInAnyOrder("still7", "still8", "still9", "still10", "still11");
    }
}
