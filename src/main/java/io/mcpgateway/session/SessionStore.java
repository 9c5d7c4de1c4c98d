package io.mcpgateway.session;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.InitRequest;

/**
 * Gateway sessions, with every bound the gateway promises about them: a session ends when it has not been used
 * successfully for {@code SESSION_IDLE_TTL}, {@code SESSION_MAX_LIFETIME} after its first {@code /init} whatever the
 * use, or when a full store ({@code SESSION_MAX}) needs room, least recently <em>successfully</em> used first; no
 * principal holds more than {@code SESSION_MAX_PER_PRINCIPAL} sessions and no client address more than
 * {@code SESSION_MAX_PER_CLIENT}. Every ending other than {@link #close} is reported exactly once to {@link #onEnded}.
 *
 * <p>The store keeps {@link SessionRecord}s (values); what it hands out is a {@link GatewaySession}, the record with
 * what this JVM keeps beside it. {@link InMemorySessionStore} keeps them in this JVM; {@link RedisSessionStore} keeps the
 * records and the bookkeeping of the bounds (times, counts, the order of use) on Redis for every replica, decides
 * each operation in one atomic step, and keeps a handle per record in each JVM.
 */
public interface SessionStore {

    enum Stored { CREATED, REFRESHED }

    /** How a stored session ended other than by {@link #close}. */
    enum Ending {
        /** Not used successfully for the idle TTL. */
        IDLE,
        /** The maximum lifetime from its first {@code /init} passed. */
        LIFETIME,
        /** Pushed out of a full store. */
        EVICTED,
        /** Replaced by a refresh, which came with an upstream session of its own. */
        REPLACED,
        /** Its token's {@code exp} passed. */
        TOKEN_EXPIRED,
        /** The credential API no longer accepts its token (re-validation). */
        REVOKED
    }

    /** The bounds the store keeps. */
    record Limits(Duration idleTtl, Duration maxLifetime, long maxSessions, long maxPerPrincipal, long maxPerClient) {
    }

    /** A new session would exceed a per-principal or per-client bound: 429, a limit of its own in the metrics. */
    final class SessionLimitReached extends GatewayException {
        SessionLimitReached(String message) {
            super(ErrorType.RATE_LIMITED, message);
        }
    }

    /**
     * The session, without counting as use: lookups happen before the caller is authenticated, and an unauthenticated
     * caller must not be able to keep someone else's session alive. A session past its idle time or lifetime ends here.
     */
    Optional<GatewaySession> peek(String sessionId);

    /** Whether a session of this id was evicted recently (and not opened again since). */
    boolean wasEvicted(String sessionId);

    /** Records a successful use: restarts the session's idle time and moves it to the back of the eviction order. */
    void markUsed(GatewaySession session);

    /**
     * Whether a session validated for this request could be stored, decided before an upstream session is opened for
     * it: 409 when the id belongs to another principal (or API), 429 when a new session would exceed a bound. The same
     * rules are applied again, atomically, by {@link #store}.
     */
    void admit(InitRequest request, String principal, String clientAddress);

    /**
     * Create, refresh or conflict, decided in one atomic operation: stores a session whose credentials were just
     * validated. An existing session is replaced only by its own credentials or by a refresh for the same principal
     * and API (keeping the time it was first opened; the old one ends as {@link Ending#REPLACED}); anything else is a
     * 409 and leaves it untouched. A new session makes room in a full store by evicting the session least recently
     * used successfully.
     */
    Stored store(SessionRecord record);

    /**
     * The credential API accepted exactly this session's token again: a shared store records when, so that no other
     * gateway probes it again before the interval has passed. A store of one JVM has nothing to add.
     */
    default void revalidated(GatewaySession session) {
    }

    /** Removes exactly this session: one that replaced it in the meantime stays. Returns whether it was removed. */
    boolean close(GatewaySession session);

    /** Ends exactly this session for the reason given (a token that expired, credentials revoked). */
    boolean end(GatewaySession session, Ending ending);

    /** Ends every session past its idle time or lifetime. */
    void cleanUp();

    long size();

    /** The ids of the stored sessions (a copy). */
    Set<String> ids();

    /**
     * What else must happen when a stored session ends other than by {@link #close}: expiry, eviction, replacement by a
     * refresh (whose new credentials came with a new upstream session), an expired or revoked token.
     */
    void onEnded(BiConsumer<GatewaySession, Ending> action);
}
