package io.mcpgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import io.mcpgateway.state.redis.RedisEndpoint;
import io.mcpgateway.state.redis.StateSealing;

/**
 * Where the gateway keeps what it knows about its callers between requests ({@code GATEWAY_STATE_*}): in this JVM
 * (the default, one instance), or on Redis, shared by every replica.
 *
 * @param endpoint    the Redis of {@code GATEWAY_STATE_URL}, or null when not set
 * @param caPath      the PEM CA bundle to trust for {@code rediss://}, or null for the JDK's trust store
 * @param key         {@code GATEWAY_STATE_KEY} as configured (base64), or empty
 * @param previousKey {@code GATEWAY_STATE_KEY_PREVIOUS} as configured, or empty
 */
public record StateSettings(Store store, RedisEndpoint endpoint, Path caPath, String key, String previousKey,
                            String prefix, Duration timeout, int poolSize) {

    public enum Store {
        MEMORY, REDIS
    }

    public boolean shared() {
        return store == Store.REDIS;
    }

    /** The sealing and naming of values in Redis, from the key (and the previous one, during a rotation). */
    public StateSealing sealing() {
        return new StateSealing(decodedKey(key), previousKey.isEmpty() ? null : decodedKey(previousKey));
    }

    /** The bytes of a key in standard or URL-safe base64, or null when it is not base64 of exactly 32 bytes. */
    static byte[] decodedKey(String base64) {
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] bytes = decoder.decode(base64);
                return bytes.length == StateSealing.KEY_BYTES ? bytes : null;
            } catch (IllegalArgumentException e) {
                // not this alphabet; the other one, or null
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "StateSettings[" + store + ", " + endpoint + ", secrets masked]";
    }
}
