package io.mcpgateway.state.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

/** Clients and keys for the tests of the Redis implementations. */
final class TestStates {

    private TestStates() {
    }

    /** A client of the Redis at the URL, as the gateway builds it (no TLS trust of its own). */
    static RedisState connect(String url, Duration timeout, int poolSize) {
        return RedisState.connect(new RedisState.Options(RedisEndpoint.parse(url).orElseThrow(), null, timeout, poolSize));
    }

    static byte[] randomKey() {
        byte[] key = new byte[StateSealing.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** A prefix no other test writes under, so that each test starts with nothing stored. */
    static RedisKeys freshKeys() {
        return new RedisKeys("test-" + UUID.randomUUID() + ":");
    }
}
