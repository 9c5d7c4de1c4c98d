package io.mcpgateway.state.redis;

import java.time.Duration;
import java.util.List;

import io.mcpgateway.state.RateWindows;

/**
 * Rate windows on Redis, shared by every replica: per key a sorted set of acquisition times, trimmed to the period,
 * counted and added to by one script ({@code rate-window.lua}) on the server's clock, and expiring one period after
 * its last acquisition. The key a caller passes (a session id, a client address) is stored only as its keyed name.
 * Fails with {@link io.mcpgateway.state.StateUnavailable} when Redis does.
 *
 * <p>A key rotation starts every window afresh under the new name: for one period a key may be allowed up to twice
 * its limit.
 */
public final class RedisRateWindows implements RateWindows {

    public static final RedisScript SCRIPT = RedisScript.resource("rate-window");

    private final RedisState redis;
    private final RedisKeys keys;
    private final StateSealing sealing;
    private final String kind;
    private final String purpose;
    private final String limit;
    private final String periodMillis;

    /**
     * @param kind    the window's own part of its keys, such as {@code rate:tools}
     * @param purpose what the keys passed in are, for their names ({@code session}, {@code client})
     */
    public RedisRateWindows(RedisState redis, RedisKeys keys, StateSealing sealing, String kind, String purpose,
                            int limit, Duration period) {
        this.redis = redis;
        this.keys = keys;
        this.sealing = sealing;
        this.kind = kind;
        this.purpose = purpose;
        this.limit = Integer.toString(limit);
        this.periodMillis = Long.toString(period.toMillis());
    }

    @Override
    public boolean tryAcquire(String key) {
        Object counted = redis.run(SCRIPT, List.of(keys.key(kind, sealing.name(purpose, key))),
                List.of(limit, periodMillis, UniqueMembers.next()));
        return Long.valueOf(1).equals(counted);
    }
}
