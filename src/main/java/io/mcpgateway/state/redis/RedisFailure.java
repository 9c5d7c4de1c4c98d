package io.mcpgateway.state.redis;

import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;

import javax.net.ssl.SSLException;

import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Why a Redis call failed, in words fit for an operator's log and the readiness check: never the exception's own
 * message, which may quote Redis (key names, script lines) or the address it failed to reach.
 */
public enum RedisFailure {
    UNREACHABLE("Redis unreachable"),
    TLS("TLS with Redis failed (its certificate is not trusted, or not for its host name)"),
    TIMEOUT("Redis did not answer in time"),
    AUTHENTICATION("Redis refused authentication"),
    POOL_EXHAUSTED("No Redis connection free in time"),
    REDIS_ERROR("Redis answered with an error");

    public final String reason;

    RedisFailure(String reason) {
        this.reason = reason;
    }

    /** The kind of a failure thrown by the Redis client (its exception and what it wraps). */
    static RedisFailure of(Throwable failure) {
        boolean connection = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisAccessControlException) {
                return AUTHENTICATION;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof SocketTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof NoSuchElementException) {
                return POOL_EXHAUSTED;
            }
            connection |= t instanceof JedisConnectionException;
        }
        return connection ? UNREACHABLE : REDIS_ERROR;
    }
}
