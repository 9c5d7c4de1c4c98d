package io.mcpgateway.config;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.mcpgateway.session.InMemorySessionStore;
import io.mcpgateway.session.RedisSessionStore;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.state.ConcurrencyLeases;
import io.mcpgateway.state.InMemoryConcurrencyLeases;
import io.mcpgateway.state.InMemoryRateWindows;
import io.mcpgateway.state.RateWindows;
import io.mcpgateway.state.SingleFlights;
import io.mcpgateway.state.redis.RedisConcurrencyLeases;
import io.mcpgateway.state.redis.RedisKeys;
import io.mcpgateway.state.redis.RedisRateWindows;
import io.mcpgateway.state.redis.RedisSingleFlights;
import io.mcpgateway.state.redis.RedisState;
import io.mcpgateway.state.redis.StateSealing;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The state the chain keeps between requests, from {@code GATEWAY_STATE}: in this JVM, or on Redis, behind the same
 * interfaces. With Redis the client is also bound as {@value #SHARED_STATE} (for the readiness check, and for what
 * else comes to be shared) and closed when the context stops.
 */
final class StateWiring {

    /** The bean name of the {@link RedisState}, when the state is shared. */
    static final String SHARED_STATE = "sharedState";

    /** The sessions, and what the limits of the chain count on. */
    record State(SessionStore sessions, RateWindows toolRequests, RateWindows inits, ConcurrencyLeases sessionCalls,
                 ConcurrencyLeases principalCalls, SingleFlights initProbes) {
    }

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private StateWiring() {
    }

    static State configure(CamelContext context, GatewaySettings settings) {
        StateSettings state = settings.state();
        SessionStore.Limits sessionLimits = new SessionStore.Limits(settings.sessionIdleTtl(),
                settings.sessionMaxLifetime(), settings.sessionMax(), settings.sessionMaxPerPrincipal(),
                settings.sessionMaxPerClient());
        if (!state.shared()) {
            return new State(new InMemorySessionStore(sessionLimits), new InMemoryRateWindows(settings.mcpRateLimitPerMinute(), MINUTE),
                    new InMemoryRateWindows(settings.initRateLimitPerMinute(), MINUTE),
                    new InMemoryConcurrencyLeases(settings.mcpMaxConcurrentCallsPerSession()),
                    new InMemoryConcurrencyLeases(settings.mcpMaxConcurrentCallsPerPrincipal()), SingleFlights.LOCAL);
        }
        RedisState redis = RedisState.connect(new RedisState.Options(state.endpoint(), trust(state), state.timeout(),
                state.poolSize()));
        context.getRegistry().bind(SHARED_STATE, redis);
        closeOnStop(context, redis);
        redis.load(List.of(RedisSessionStore.SCRIPT, RedisRateWindows.SCRIPT, RedisConcurrencyLeases.SCRIPT,
                RedisSingleFlights.SCRIPT));
        RedisKeys keys = new RedisKeys(state.prefix());
        StateSealing sealing = state.sealing();
        // a session's window and leases are named after its id like its other keys: one hash tag, one Cluster slot
        return new State(new RedisSessionStore(redis, keys, sealing, sessionLimits),
                new RedisRateWindows(redis, keys, sealing, "rate:tools", "session", settings.mcpRateLimitPerMinute(), MINUTE),
                new RedisRateWindows(redis, keys, sealing, "rate:init", "client", settings.initRateLimitPerMinute(), MINUTE),
                new RedisConcurrencyLeases(redis, keys, sealing, "leases:session", "session",
                        settings.mcpMaxConcurrentCallsPerSession()),
                new RedisConcurrencyLeases(redis, keys, sealing, "leases:owner", "owner",
                        settings.mcpMaxConcurrentCallsPerPrincipal()),
                new RedisSingleFlights(redis, keys, sealing, "init"));
    }

    private static void closeOnStop(CamelContext context, RedisState redis) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    redis.close();
                }
            });
        } catch (Exception e) {
            redis.close();
            throw new IllegalStateException("The shared state's client could not be registered for closing", e);
        }
    }

    /** The CA bundle of {@code GATEWAY_STATE_CA_PATH} as the only trust, or null for the JVM's. */
    private static SSLContext trust(StateSettings state) {
        if (state.caPath() == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(PemCertificates.trustStore(state.caPath(), GatewaySettings.Key.STATE_CA_PATH));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw PemCertificates.unusable(GatewaySettings.Key.STATE_CA_PATH, "a PEM CA bundle");
        }
    }
}
