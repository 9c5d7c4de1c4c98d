package io.mcpgateway.state.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.mcpgateway.state.StateHealth;
import io.mcpgateway.state.StateUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The gateway's one client of its shared state: a bounded pool of connections to one Redis (or Valkey, or a managed
 * Redis), with every call bounded by {@code GATEWAY_STATE_TIMEOUT_MS} (connect, each read, and the wait for a pooled
 * connection), TLS with host-name verification for {@code rediss://}, and the user and password of the URL.
 *
 * <p>Every failure, whatever its kind ({@link RedisFailure}), reaches the caller as one {@link StateUnavailable} with
 * a fixed message: never Redis's own error text or the URL. It is logged once per outage (then at most once a
 * minute while it lasts), by kind and exception class only, and the recovery once. A call that failed is not
 * retried here: a script may have run before its answer was lost, and the callers fail closed.
 *
 * <p>Scripts ({@link RedisScript}) run with {@code EVALSHA}; one Redis does not know (after a restart or
 * {@code SCRIPT FLUSH}) is loaded and run once more.
 */
public final class RedisState implements AutoCloseable {

    /** How to reach Redis. {@code tls} is the trust for {@code rediss://} (null: the JDK's); unused for {@code redis://}. */
    public record Options(RedisEndpoint endpoint, SSLContext tls, Duration timeout, int poolSize) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
    static final String CLIENT_NAME = "mcp-gateway";

    private final RedisClient client;
    private final String endpoint;
    private final ThrottledWarning failureWarning = new ThrottledWarning(RedisState.class);
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong failedCalls = new AtomicLong();

    private RedisState(RedisClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** The client; no connection is opened yet (a Redis that is down at start-up makes readiness DOWN, not a failed start). */
    public static RedisState connect(Options options) {
        int timeoutMillis = (int) options.timeout().toMillis();
        RedisEndpoint endpoint = options.endpoint();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(timeoutMillis)
                .database(endpoint.database())
                .clientName(CLIENT_NAME)
                // CLIENT SETINFO is one more round trip per connection, and an error on Redis before 7.2
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (endpoint.user() != null) {
            config.user(endpoint.user());
        }
        if (endpoint.password() != null) {
            config.password(endpoint.password());
        }
        if (endpoint.tls()) {
            config.ssl(true).sslSocketFactory(tlsContext(options.tls()).getSocketFactory()).sslParameters(tlsParameters());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.poolSize());
        pool.setMaxIdle(options.poolSize());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(options.timeout());
        // a PING before every borrow would double the round trips; idle connections are checked in the background
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        RedisClient client = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(config.build()).poolConfig(pool).build();
        return new RedisState(client, endpoint.toString());
    }

    /**
     * Runs a command (or several) on a pooled connection. Any failure of the client is a {@link StateUnavailable};
     * what the function itself throws otherwise passes unchanged.
     */
    public <T> T call(Function<UnifiedJedis, T> command) {
        T result;
        try {
            result = command.apply(client);
        } catch (JedisException e) {
            throw failed(e);
        }
        succeeded();
        return result;
    }

    /** Runs a script by its digest (loaded and run once more if Redis does not know it); its reply as Jedis gives it. */
    public Object run(RedisScript script, List<String> keys, List<String> args) {
        return call(redis -> {
            try {
                return redis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                // Redis restarted without its scripts, or they were flushed: once more, after loading it
                redis.scriptLoad(script.source());
                return redis.evalsha(script.sha1(), keys, args);
            }
        });
    }

    /** An element of a script's reply as text (Jedis gives a bulk string as a String or as bytes). */
    public static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** Loads the scripts now (SCRIPT LOAD), so the first requests need no second round trip; a failure only logs. */
    public void load(List<RedisScript> scripts) {
        try {
            call(redis -> {
                scripts.forEach(script -> redis.scriptLoad(script.source()));
                return null;
            });
            LOG.info("[GATEWAY] Shared state on Redis at {}: reachable, {} scripts loaded", endpoint, scripts.size());
        } catch (StateUnavailable e) {
            LOG.warn("[GATEWAY] Shared state on Redis at {}: not usable at start-up; requests that need it are refused"
                    + " (503) until it is", endpoint);
        }
    }

    /** PING, for the readiness check: up, or down with the kind of failure. */
    public StateHealth health() {
        try {
            client.ping();
        } catch (JedisException e) {
            failed(e);
            return StateHealth.down(RedisFailure.of(e).reason);
        }
        succeeded();
        return StateHealth.healthy();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "RedisState[" + endpoint + "]";
    }

    private StateUnavailable failed(JedisException e) {
        RedisFailure kind = RedisFailure.of(e);
        long count = failedCalls.incrementAndGet();
        if (failing.compareAndSet(false, true)) {
            failureWarning.warnNow("[GATEWAY] Shared state unavailable: {} ({})", kind.reason, e.getClass().getSimpleName());
        } else {
            failureWarning.warn("[GATEWAY] Shared state still unavailable: {} ({}; {} failed calls since it began)",
                    kind.reason, e.getClass().getSimpleName(), count);
        }
        if (kind == RedisFailure.UNREACHABLE) {
            // Redis went away (a restart, a failover): the idle connections are dead too, and would each fail a request
            client.getPool().clear();
        }
        return new StateUnavailable();
    }

    private void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.info("[GATEWAY] Shared state available again (after {} failed calls)", failedCalls.getAndSet(0));
        }
    }

    private static SSLContext tlsContext(SSLContext configured) {
        try {
            return configured != null ? configured : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** TLS 1.2+ and the server's certificate checked against the host name of the URL. */
    private static SSLParameters tlsParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
