package io.mcpgateway.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.upstream.UpstreamSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway sessions in a bounded Caffeine cache: idle entries expire after the TTL, the oldest give way past the
 * maximum, and every removal is logged once.
 */
public class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    public enum Stored { CREATED, REFRESHED }

    private final Cache<String, GatewaySession> sessions;
    private final Clock clock;
    private volatile BiConsumer<GatewaySession, Ending> onEnded = (session, ending) -> { };

    /** How a stored session ended other than by {@link #close}. */
    public enum Ending { EXPIRED, EVICTED, REPLACED }

    public SessionStore(Duration idleTtl, long maxSessions, Clock clock, Ticker ticker) {
        this.clock = clock;
        this.sessions = Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterAccess(idleTtl)
                .ticker(ticker)
                // expiry runs on time, not only on the next access, so expired sessions are logged and released
                .scheduler(Scheduler.systemScheduler())
                .removalListener(this::removed)
                .recordStats()
                .build();
    }

    public SessionStore(Duration idleTtl, long maxSessions) {
        this(idleTtl, maxSessions, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * The session, without counting as use: lookups happen before the caller is authenticated, and an unauthenticated
     * caller must not be able to keep someone else's session alive.
     */
    public Optional<GatewaySession> peek(String sessionId) {
        return Optional.ofNullable(sessions.policy().getIfPresentQuietly(sessionId));
    }

    /** Records an authenticated use: restarts the session's idle timer. */
    public void markUsed(GatewaySession session) {
        sessions.getIfPresent(session.sessionId());
        session.touch(clock.millis());
    }

    /**
     * Stores a session whose credentials were just validated. An existing session is replaced only by its own
     * credentials or by a refresh for the same principal and API; anything else is a 409 and leaves it untouched.
     */
    public Stored store(InitRequest request, String principal, UpstreamSession upstream) {
        Stored[] outcome = new Stored[1];
        sessions.asMap().compute(request.sessionId(), (id, existing) -> {
            if (existing != null && !existing.presentedBy(request) && !existing.refreshableBy(request, principal)) {
                return existing;
            }
            outcome[0] = existing == null ? Stored.CREATED : Stored.REFRESHED;
            return new GatewaySession(request, principal, upstream, clock.millis());
        });
        if (outcome[0] == null) {
            throw new GatewayException(ErrorType.SESSION_CONFLICT,
                    "Session already exists for another principal");
        }
        return outcome[0];
    }

    /** Removes exactly this session: one that replaced it in the meantime stays. Returns whether it was removed. */
    public boolean close(GatewaySession session) {
        return sessions.asMap().remove(session.sessionId(), session);
    }

    public long size() {
        return sessions.estimatedSize();
    }

    /** Runs pending expiry and eviction work now (tests and shutdown). */
    public void cleanUp() {
        sessions.cleanUp();
    }

    /** The underlying cache, for its statistics (hits, misses, evictions). */
    public Cache<String, GatewaySession> cache() {
        return sessions;
    }

    /**
     * What else must happen when a stored session ends other than by {@link #close}: expiry, eviction, or replacement
     * by a refresh (whose new credentials came with a new upstream session).
     */
    public void onEnded(BiConsumer<GatewaySession, Ending> action) {
        this.onEnded = action;
    }

    private void removed(String sessionId, GatewaySession session, RemovalCause cause) {
        logRemoval(sessionId, cause);
        if (session != null && cause != RemovalCause.EXPLICIT) {
            onEnded.accept(session, cause == RemovalCause.REPLACED ? Ending.REPLACED
                    : cause == RemovalCause.SIZE ? Ending.EVICTED : Ending.EXPIRED);
        }
    }

    private static void logRemoval(String sessionId, RemovalCause cause) {
        switch (cause) {
            case EXPIRED -> LOG.info("[GATEWAY] Session expired (idle) for session_id: {}", sessionId);
            case SIZE -> LOG.warn("[GATEWAY] Session evicted (SESSION_MAX reached) for session_id: {}", sessionId);
            case EXPLICIT -> LOG.info("[GATEWAY] Session closed for session_id: {}", sessionId);
            default -> { } // REPLACED: a refresh, logged where it happens
        }
    }
}
