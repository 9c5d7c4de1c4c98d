package io.mcpgateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.upstream.UpstreamSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway sessions in memory, with every bound the gateway promises about them: a session ends when it has not been
 * used successfully for {@code SESSION_IDLE_TTL}, {@code SESSION_MAX_LIFETIME} after its first {@code /init} whatever
 * the use, or when a full store ({@code SESSION_MAX}) needs room, least recently <em>successfully</em> used first; no
 * principal holds more than {@code SESSION_MAX_PER_PRINCIPAL} sessions and no client address more than
 * {@code SESSION_MAX_PER_CLIENT}. Every ending is logged once and reported to {@link #onEnded}.
 *
 * <p>Lookups are lock-free; changes and the two orders (last successful use, first opening) are kept under the store's
 * lock, so that expiry finds its candidates at the head of an order instead of scanning every session. Expiry runs
 * when {@link #cleanUp} is called (every second in the gateway) and, for a session that is looked up, at once.
 */
public class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    public enum Stored { CREATED, REFRESHED }

    /** How a stored session ended other than by {@link #close}. */
    public enum Ending {
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
    public record Limits(Duration idleTtl, Duration maxLifetime, long maxSessions, long maxPerPrincipal,
                         long maxPerClient) {
    }

    /** A new session would exceed a per-principal or per-client bound: 429, a limit of its own in the metrics. */
    public static final class SessionLimitReached extends GatewayException {
        SessionLimitReached(String message) {
            super(ErrorType.RATE_LIMITED, message);
        }
    }

    private final Limits limits;
    private final LongSupplier ticker;
    private final Map<String, GatewaySession> byId = new ConcurrentHashMap<>();
    // guarded by this
    private final LinkedHashMap<String, GatewaySession> byLastUse = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, GatewaySession> byOpening = new LinkedHashMap<>();
    private final Map<String, Integer> perPrincipal = new HashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    /** Ids of evicted sessions, so that their next request can say so; kept as long as they could have idled. */
    private final Cache<String, Boolean> evicted;
    private volatile BiConsumer<GatewaySession, Ending> onEnded = (session, ending) -> { };

    /** @param ticker nanoseconds, as {@link System#nanoTime()} */
    public SessionStore(Limits limits, LongSupplier ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.evicted = Caffeine.newBuilder().expireAfterWrite(limits.idleTtl()).maximumSize(limits.maxSessions())
                .ticker(ticker::getAsLong).build();
    }

    public SessionStore(Limits limits) {
        this(limits, System::nanoTime);
    }

    /**
     * The session, without counting as use: lookups happen before the caller is authenticated, and an unauthenticated
     * caller must not be able to keep someone else's session alive. A session past its idle time or lifetime ends here.
     */
    public Optional<GatewaySession> peek(String sessionId) {
        GatewaySession session = byId.get(sessionId);
        if (session != null) {
            Ending due = dueEnding(session, ticker.getAsLong());
            if (due != null) {
                end(session, due);
                return Optional.empty();
            }
        }
        return Optional.ofNullable(session);
    }

    /** Whether a session of this id was evicted recently (and not opened again since). */
    public boolean wasEvicted(String sessionId) {
        return evicted.getIfPresent(sessionId) != null;
    }

    /** Records a successful use: restarts the session's idle time and moves it to the back of the eviction order. */
    public synchronized void markUsed(GatewaySession session) {
        if (byId.get(session.sessionId()) == session) {
            byLastUse.get(session.sessionId());
            session.touch(ticker.getAsLong());
        }
    }

    /**
     * Whether a session validated for this request could be stored, decided before an upstream session is opened for
     * it: 409 when the id belongs to another principal (or API), 429 when a new session would exceed a bound. The same
     * rules are applied again, atomically, by {@link #store}.
     */
    public synchronized void admit(InitRequest request, String principal, String clientAddress) {
        refuseUnless(byId.get(request.sessionId()), request, principal, clientAddress);
    }

    /**
     * Stores a session whose credentials were just validated. An existing session is replaced only by its own
     * credentials or by a refresh for the same principal and API (keeping the time it was first opened); anything else
     * is a 409 and leaves it untouched. A new session makes room in a full store by evicting the session least
     * recently used successfully.
     */
    public Stored store(InitRequest request, String principal, String clientAddress, TokenTimes tokenTimes,
                        UpstreamSession upstream) {
        List<Map.Entry<GatewaySession, Ending>> ended = new ArrayList<>();
        Stored outcome;
        try {
            synchronized (this) {
                long now = ticker.getAsLong();
                GatewaySession existing = byId.get(request.sessionId());
                Ending due = existing == null ? null : dueEnding(existing, now);
                if (due != null) {
                    ended.add(Map.entry(existing, due));
                    remove(existing);
                    existing = null;
                }
                refuseUnless(existing, request, principal, clientAddress);
                if (existing == null) {
                    while (byId.size() >= limits.maxSessions()) {
                        GatewaySession eldest = byLastUse.values().iterator().next();
                        remove(eldest);
                        evicted.put(eldest.sessionId(), Boolean.TRUE);
                        ended.add(Map.entry(eldest, Ending.EVICTED));
                    }
                } else {
                    remove(existing);
                    ended.add(Map.entry(existing, Ending.REPLACED));
                }
                add(new GatewaySession(request, principal, clientAddress, tokenTimes, upstream,
                        existing == null ? now : existing.openedNanos(), now));
                evicted.invalidate(request.sessionId());
                outcome = existing == null ? Stored.CREATED : Stored.REFRESHED;
            }
        } finally {
            ended.forEach(e -> notifyEnded(e.getKey(), e.getValue()));
        }
        return outcome;
    }

    /** Removes exactly this session: one that replaced it in the meantime stays. Returns whether it was removed. */
    public boolean close(GatewaySession session) {
        boolean removed = removeIfCurrent(session);
        if (removed) {
            LOG.info("[GATEWAY] Session closed for session_id: {}", session.sessionId());
        }
        return removed;
    }

    /** Ends exactly this session for the reason given (a token that expired, credentials revoked). */
    public boolean end(GatewaySession session, Ending ending) {
        boolean removed = removeIfCurrent(session);
        if (removed) {
            notifyEnded(session, ending);
        }
        return removed;
    }

    private synchronized boolean removeIfCurrent(GatewaySession session) {
        boolean current = byId.get(session.sessionId()) == session;
        if (current) {
            remove(session);
        }
        return current;
    }

    /** Ends every session past its idle time or lifetime; both orders hold their candidates at the head. */
    public void cleanUp() {
        List<Map.Entry<GatewaySession, Ending>> ended = new ArrayList<>();
        synchronized (this) {
            long now = ticker.getAsLong();
            collectDue(byLastUse, now, ended);
            collectDue(byOpening, now, ended);
            ended.forEach(e -> remove(e.getKey()));
        }
        ended.forEach(e -> notifyEnded(e.getKey(), e.getValue()));
    }

    public long size() {
        return byId.size();
    }

    /** The ids of the stored sessions (a copy). */
    public Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    /**
     * What else must happen when a stored session ends other than by {@link #close}: expiry, eviction, replacement by a
     * refresh (whose new credentials came with a new upstream session), an expired or revoked token.
     */
    public void onEnded(BiConsumer<GatewaySession, Ending> action) {
        this.onEnded = action;
    }

    private void collectDue(LinkedHashMap<String, GatewaySession> order, long now,
                            List<Map.Entry<GatewaySession, Ending>> ended) {
        for (Iterator<GatewaySession> it = order.values().iterator(); it.hasNext(); ) {
            GatewaySession session = it.next();
            Ending due = dueEnding(session, now);
            if (due == null) {
                return;
            }
            if (ended.stream().noneMatch(e -> e.getKey() == session)) {
                ended.add(Map.entry(session, due));
            }
        }
    }

    private Ending dueEnding(GatewaySession session, long now) {
        if (now - session.openedNanos() >= limits.maxLifetime().toNanos()) {
            return Ending.LIFETIME;
        }
        return now - session.lastUsedNanos() >= limits.idleTtl().toNanos() ? Ending.IDLE : null;
    }

    // callers hold the lock
    private void refuseUnless(GatewaySession existing, InitRequest request, String principal, String clientAddress) {
        if (existing != null) {
            if (!existing.presentedBy(request) && !existing.refreshableBy(request, principal)) {
                throw new GatewayException(ErrorType.SESSION_CONFLICT, "Session already exists for another principal");
            }
            return; // a refresh adds no session
        }
        if (principal != null && perPrincipal.getOrDefault(principal, 0) >= limits.maxPerPrincipal()) {
            throw new SessionLimitReached("Too many sessions for this principal; close one or let one expire");
        }
        if (perClient.getOrDefault(clientAddress, 0) >= limits.maxPerClient()) {
            throw new SessionLimitReached("Too many sessions from this client address; close one or let one expire");
        }
    }

    private void add(GatewaySession session) {
        byId.put(session.sessionId(), session);
        byLastUse.put(session.sessionId(), session);
        byOpening.put(session.sessionId(), session);
        if (session.principal() != null) {
            perPrincipal.merge(session.principal(), 1, Integer::sum);
        }
        perClient.merge(session.clientAddress(), 1, Integer::sum);
    }

    private void remove(GatewaySession session) {
        byId.remove(session.sessionId(), session);
        byLastUse.remove(session.sessionId(), session);
        byOpening.remove(session.sessionId(), session);
        if (session.principal() != null) {
            perPrincipal.computeIfPresent(session.principal(), (p, n) -> n > 1 ? n - 1 : null);
        }
        perClient.computeIfPresent(session.clientAddress(), (c, n) -> n > 1 ? n - 1 : null);
    }

    private void notifyEnded(GatewaySession session, Ending ending) {
        switch (ending) {
            case IDLE -> LOG.info("[GATEWAY] Session expired (idle) for session_id: {}", session.sessionId());
            case LIFETIME -> LOG.info("[GATEWAY] Session expired (lifetime) for session_id: {}", session.sessionId());
            case TOKEN_EXPIRED -> LOG.info("[GATEWAY] Session expired (token) for session_id: {}", session.sessionId());
            case REVOKED -> LOG.warn("[GATEWAY] Session revoked (the credential API refused its token) for session_id: {}",
                    session.sessionId());
            case EVICTED -> LOG.warn("[GATEWAY] Session evicted (SESSION_MAX reached) for session_id: {}", session.sessionId());
            case REPLACED -> { } // a refresh, logged where it happens
        }
        onEnded.accept(session, ending);
    }
}
