package io.mcpgateway.state.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mcpgateway.state.ConcurrencyLeases;
import io.mcpgateway.state.StateUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrency leases on Redis, shared by every replica: per key a sorted set of lease deadlines on the server's clock.
 * Taking one trims the lapsed leases, counts and adds in one script ({@code lease-take.lua}); releasing it removes its
 * own member ({@code ZREM}), once. A lease whose release failed (Redis was unreachable just then) is released again
 * by {@link #retryReleases} once Redis answers; one its replica never released (it died mid-call) lapses at its
 * deadline. The key a caller passes is stored only as its keyed name. Taking fails with
 * {@link StateUnavailable} when Redis does; releasing never fails (it is called when a request is done).
 */
public final class RedisConcurrencyLeases implements ConcurrencyLeases {

    public static final RedisScript SCRIPT = RedisScript.resource("lease-take");
    private static final Logger LOG = LoggerFactory.getLogger(RedisConcurrencyLeases.class);

    private final RedisState redis;
    private final RedisKeys keys;
    private final StateSealing sealing;
    private final String kind;
    private final String purpose;
    private final String perKey;
    /** Leases whose release failed, by member: their key and when they lapse anyway (System.nanoTime). */
    private final Map<String, Unreleased> unreleased = new ConcurrentHashMap<>();

    private record Unreleased(String redisKey, long lapsesNanos) {
    }

    /** Bounds what an outage under load may leave to release: past it a lease is left to lapse at its deadline. */
    static final int MAX_UNRELEASED = 10_000;

    /**
     * @param kind    the leases' own part of their keys, such as {@code leases:session}
     * @param purpose what the keys passed in are, for their names
     * @param perKey  how many leases one key may hold at once
     */
    public RedisConcurrencyLeases(RedisState redis, RedisKeys keys, StateSealing sealing, String kind, String purpose,
                                  int perKey) {
        this.redis = redis;
        this.keys = keys;
        this.sealing = sealing;
        this.kind = kind;
        this.purpose = purpose;
        this.perKey = Integer.toString(perKey);
    }

    @Override
    public Optional<Lease> tryTake(String key, Duration maxHold) {
        String redisKey = keys.key(kind, sealing.name(purpose, key));
        String member = UniqueMembers.next();
        Object taken = redis.run(SCRIPT, List.of(redisKey), List.of(perKey, Long.toString(maxHold.toMillis()), member));
        if (!Long.valueOf(1).equals(taken)) {
            return Optional.empty();
        }
        long lapsesNanos = System.nanoTime() + maxHold.toNanos();
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                release(redisKey, member, lapsesNanos);
            }
        });
    }

    private void release(String redisKey, String member, long lapsesNanos) {
        try {
            redis.call(client -> client.zrem(redisKey, member));
        } catch (StateUnavailable e) {
            // RedisState has logged the failure; released again when Redis is back, else it lapses at its deadline
            if (unreleased.size() < MAX_UNRELEASED) {
                unreleased.put(member, new Unreleased(redisKey, lapsesNanos));
            }
            LOG.debug("[GATEWAY] A lease could not be released; it is released again once Redis answers");
        }
    }

    @Override
    public void retryReleases() {
        for (Map.Entry<String, Unreleased> lease : unreleased.entrySet()) {
            if (lease.getValue().lapsesNanos() - System.nanoTime() <= 0) {
                unreleased.remove(lease.getKey()); // lapsed on the server by now
                continue;
            }
            try {
                redis.call(client -> client.zrem(lease.getValue().redisKey(), lease.getKey()));
                unreleased.remove(lease.getKey());
            } catch (StateUnavailable e) {
                return; // still down: the next round tries again
            }
        }
    }
}
