package io.mcpgateway.session;

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
import io.mcpgateway.security.InitRequest;

/**
 * Gateway sessions in this JVM's memory. Every ending is logged once and reported to {@link #onEnded}.
 *
 * <p>Lookups are lock-free; changes and the two orders (last successful use, first opening) are kept under the store's
 * lock, so that expiry finds its candidates at the head of an order instead of scanning every session. Expiry runs
 * when {@link #cleanUp} is called (every second in the gateway) and, for a session that is looked up, at once.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Limits limits;
    private final LongSupplier ticker;
    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    // guarded by this
    private final LinkedHashMap<String, Held> byLastUse = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Held> byOpening = new LinkedHashMap<>();
    private final Map<String, Integer> perPrincipal = new HashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    /** Ids of evicted sessions, so that their next request can say so; kept as long as they could have idled. */
    private final Cache<String, Boolean> evicted;
    private volatile BiConsumer<GatewaySession, Ending> onEnded = (session, ending) -> { };

    /** A stored session and the store's bookkeeping of it; times are readings of the store's ticker. */
    private static final class Held {
        final GatewaySession session;
        /** When the session was first opened: a refresh keeps it, so the lifetime cap holds whatever the use. */
        final long openedNanos;
        volatile long lastUsedNanos;

        Held(GatewaySession session, long openedNanos, long lastUsedNanos) {
            this.session = session;
            this.openedNanos = openedNanos;
            this.lastUsedNanos = lastUsedNanos;
        }
    }

    /** @param ticker nanoseconds, as {@link System#nanoTime()} */
    public InMemorySessionStore(Limits limits, LongSupplier ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.evicted = Caffeine.newBuilder().expireAfterWrite(limits.idleTtl()).maximumSize(limits.maxSessions())
                .ticker(ticker::getAsLong).build();
    }

    public InMemorySessionStore(Limits limits) {
        this(limits, System::nanoTime);
    }

    @Override
    public Optional<GatewaySession> peek(String sessionId) {
        Held held = byId.get(sessionId);
        if (held == null) {
            return Optional.empty();
        }
        Ending due = dueEnding(held, ticker.getAsLong());
        if (due != null) {
            end(held.session, due);
            return Optional.empty();
        }
        return Optional.of(held.session);
    }

    @Override
    public boolean wasEvicted(String sessionId) {
        return evicted.getIfPresent(sessionId) != null;
    }

    @Override
    public synchronized void markUsed(GatewaySession session) {
        Held held = current(session);
        if (held != null) {
            byLastUse.get(session.sessionId());
            held.lastUsedNanos = ticker.getAsLong();
        }
    }

    @Override
    public synchronized void admit(InitRequest request, String principal, String clientAddress) {
        Held existing = byId.get(request.sessionId());
        refuseUnless(existing == null ? null : existing.session.record(), request, principal, clientAddress);
    }

    @Override
    public Stored store(SessionRecord record) {
        List<Map.Entry<GatewaySession, Ending>> ended = new ArrayList<>();
        InitRequest presented = new InitRequest(record.sessionId(), record.apiUrl(), record.token(),
                record.tokenDigest());
        Stored outcome;
        try {
            synchronized (this) {
                long now = ticker.getAsLong();
                Held existing = byId.get(record.sessionId());
                Ending due = existing == null ? null : dueEnding(existing, now);
                if (due != null) {
                    ended.add(Map.entry(existing.session, due));
                    remove(existing);
                    existing = null;
                }
                refuseUnless(existing == null ? null : existing.session.record(), presented, record.principal(),
                        record.clientAddress());
                if (existing == null) {
                    while (byId.size() >= limits.maxSessions()) {
                        Held eldest = byLastUse.values().iterator().next();
                        remove(eldest);
                        evicted.put(eldest.session.sessionId(), Boolean.TRUE);
                        ended.add(Map.entry(eldest.session, Ending.EVICTED));
                    }
                } else {
                    remove(existing);
                    ended.add(Map.entry(existing.session, Ending.REPLACED));
                }
                add(new Held(new GatewaySession(record, now), existing == null ? now : existing.openedNanos, now));
                evicted.invalidate(record.sessionId());
                outcome = existing == null ? Stored.CREATED : Stored.REFRESHED;
            }
        } finally {
            ended.forEach(e -> notifyEnded(e.getKey(), e.getValue()));
        }
        return outcome;
    }

    @Override
    public boolean close(GatewaySession session) {
        boolean removed = removeIfCurrent(session);
        if (removed) {
            StoreEvents.logClosed(session);
        }
        return removed;
    }

    @Override
    public boolean end(GatewaySession session, Ending ending) {
        boolean removed = removeIfCurrent(session);
        if (removed) {
            notifyEnded(session, ending);
        }
        return removed;
    }

    private Held current(GatewaySession session) {
        Held held = byId.get(session.sessionId());
        return held != null && held.session == session ? held : null;
    }

    private synchronized boolean removeIfCurrent(GatewaySession session) {
        Held held = current(session);
        if (held != null) {
            remove(held);
        }
        return held != null;
    }

    /** Ends every session past its idle time or lifetime; both orders hold their candidates at the head. */
    @Override
    public void cleanUp() {
        List<Held> due = new ArrayList<>();
        List<Map.Entry<GatewaySession, Ending>> ended = new ArrayList<>();
        synchronized (this) {
            long now = ticker.getAsLong();
            collectDue(byLastUse, now, due, ended);
            collectDue(byOpening, now, due, ended);
            due.forEach(this::remove);
        }
        ended.forEach(e -> notifyEnded(e.getKey(), e.getValue()));
    }

    @Override
    public long size() {
        return byId.size();
    }

    @Override
    public Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    @Override
    public void onEnded(BiConsumer<GatewaySession, Ending> action) {
        this.onEnded = action;
    }

    private void collectDue(LinkedHashMap<String, Held> order, long now, List<Held> due,
                            List<Map.Entry<GatewaySession, Ending>> ended) {
        for (Iterator<Held> it = order.values().iterator(); it.hasNext(); ) {
            Held held = it.next();
            Ending ending = dueEnding(held, now);
            if (ending == null) {
                return;
            }
            if (!due.contains(held)) {
                due.add(held);
                ended.add(Map.entry(held.session, ending));
            }
        }
    }

    private Ending dueEnding(Held held, long now) {
        if (now - held.openedNanos >= limits.maxLifetime().toNanos()) {
            return Ending.LIFETIME;
        }
        return now - held.lastUsedNanos >= limits.idleTtl().toNanos() ? Ending.IDLE : null;
    }

    // callers hold the lock
    private void refuseUnless(SessionRecord existing, InitRequest request, String principal, String clientAddress) {
        if (existing != null) {
            if (!existing.presentedBy(request) && !existing.refreshableBy(request, principal)) {
                throw StoreEvents.conflict();
            }
            return; // a refresh adds no session
        }
        if (principal != null && perPrincipal.getOrDefault(principal, 0) >= limits.maxPerPrincipal()) {
            throw StoreEvents.tooManyForPrincipal();
        }
        if (perClient.getOrDefault(clientAddress, 0) >= limits.maxPerClient()) {
            throw StoreEvents.tooManyFromClient();
        }
    }

    private void add(Held held) {
        String id = held.session.sessionId();
        byId.put(id, held);
        byLastUse.put(id, held);
        byOpening.put(id, held);
        if (held.session.principal() != null) {
            perPrincipal.merge(held.session.principal(), 1, Integer::sum);
        }
        perClient.merge(held.session.clientAddress(), 1, Integer::sum);
    }

    private void remove(Held held) {
        String id = held.session.sessionId();
        byId.remove(id, held);
        byLastUse.remove(id, held);
        byOpening.remove(id, held);
        if (held.session.principal() != null) {
            perPrincipal.computeIfPresent(held.session.principal(), (p, n) -> n > 1 ? n - 1 : null);
        }
        perClient.computeIfPresent(held.session.clientAddress(), (c, n) -> n > 1 ? n - 1 : null);
    }

    private void notifyEnded(GatewaySession session, Ending ending) {
        StoreEvents.logEnded(session, ending);
        onEnded.accept(session, ending);
    }
}
