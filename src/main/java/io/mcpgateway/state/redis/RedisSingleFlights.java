package io.mcpgateway.state.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import io.mcpgateway.state.SingleFlights;

/**
 * Single flights on Redis ({@code single-flight.lua}): {@code SET NX PX} on a leader key, an outcome key kept a few
 * seconds after the leader finishes; waiting gateways poll for it. Keys are named by the work's keyed name, never by
 * the work itself (for an {@code /init}: session id, apiUrl and token digest).
 */
public final class RedisSingleFlights implements SingleFlights {

    public static final RedisScript SCRIPT = RedisScript.resource("single-flight");

    /** How often a waiting gateway asks: a few round trips per wait, which is bounded by the probe's deadline. */
    private static final Duration POLL = Duration.ofMillis(20);
    /** How long an outcome waits for followers that poll late: well beyond one poll, short enough to be fresh. */
    private static final Duration OUTCOME_KEPT = Duration.ofSeconds(5);

    private final RedisState redis;
    private final RedisKeys keys;
    private final StateSealing sealing;
    private final String kind;

    /** @param kind the work's own part of its keys, such as {@code init} */
    public RedisSingleFlights(RedisState redis, RedisKeys keys, StateSealing sealing, String kind) {
        this.redis = redis;
        this.keys = keys;
        this.sealing = sealing;
        this.kind = kind;
    }

    @Override
    public Optional<Leadership> tryLead(String key, Duration hold) {
        List<String> both = keysOf(key);
        String token = UniqueMembers.next();
        Object claimed = redis.run(SCRIPT, both, List.of("claim", token, Long.toString(Math.max(1, hold.toMillis()))));
        if (!Long.valueOf(1).equals(claimed)) {
            return Optional.empty();
        }
        return Optional.of(outcome -> redis.run(SCRIPT, both,
                List.of("finish", token, outcome, Long.toString(OUTCOME_KEPT.toMillis()))));
    }

    @Override
    public Optional<String> awaitOutcome(String key, Instant deadline) throws LeaderTimedOut {
        List<String> both = keysOf(key);
        while (true) {
            List<?> reply = (List<?>) redis.run(SCRIPT, both, List.of("poll"));
            String outcome = RedisState.text(reply.get(0));
            if (!outcome.isEmpty()) {
                return Optional.of(outcome);
            }
            if (!Long.valueOf(1).equals(reply.get(1))) {
                return Optional.empty();
            }
            if (Instant.now().plus(POLL).isAfter(deadline)) {
                throw new LeaderTimedOut();
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new LeaderTimedOut();
            }
        }
    }

    private List<String> keysOf(String key) {
        String name = sealing.name(kind, key);
        return List.of(keys.key(kind + ":leader", name), keys.key(kind + ":outcome", name));
    }
}
