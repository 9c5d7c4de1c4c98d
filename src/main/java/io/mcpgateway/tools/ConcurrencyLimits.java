package io.mcpgateway.tools;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.GatewaySession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Tool requests in progress at once, per session, per principal and in all, so slow calls cannot occupy every HTTP
 * worker, and one user with many sessions cannot take every upstream slot from the others. A session whose token
 * names no principal counts as a principal of its own. A slot is taken without waiting (429 with
 * {@code Retry-After: 1} when none is free) and given back when the exchange is done, whatever its outcome. (Camel's
 * concurrent throttler forgets its count ten seconds after any release, even with requests still running, so it
 * cannot hold a limit over calls that last longer.)
 */
public class ConcurrencyLimits implements Processor {

    private final Semaphore total;
    private final KeyedSlots<String> sessions;
    private final KeyedSlots<Owner> principals;

    public ConcurrencyLimits(int total, int perSession, int perPrincipal) {
        this.total = new Semaphore(total);
        this.sessions = new KeyedSlots<>(perSession);
        this.principals = new KeyedSlots<>(perPrincipal);
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        Owner owner = Owner.of(exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class), sessionId);
        if (!total.tryAcquire()) {
            throw busy(exchange);
        }
        if (!sessions.tryTake(sessionId)) {
            total.release();
            throw busy(exchange);
        }
        if (!principals.tryTake(owner)) {
            sessions.give(sessionId);
            total.release();
            throw busy(exchange);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                principals.give(owner);
                sessions.give(sessionId);
                total.release();
            }
        });
    }

    int sessionsTracked() {
        return sessions.tracked();
    }

    int principalsTracked() {
        return principals.tracked();
    }

    private static GatewayException busy(Exchange exchange) {
        return GatewayException.retryAfter(ErrorType.RATE_LIMITED, "Too many requests in progress, retry shortly", 1);
    }

    /** Whose share a call counts against: the session's principal, or, for a token without one, the session itself. */
    private record Owner(String principal, String sessionId) {
        static Owner of(GatewaySession session, String sessionId) {
            String principal = session == null ? null : session.principal();
            return principal != null ? new Owner(principal, null) : new Owner(null, sessionId);
        }
    }

    /** A bounded number of slots per key; a key whose slots are all free is forgotten. */
    private static final class KeyedSlots<K> {
        private final int perKey;
        private final ConcurrentHashMap<K, Semaphore> slots = new ConcurrentHashMap<>();

        KeyedSlots(int perKey) {
            this.perKey = perKey;
        }

        boolean tryTake(K key) {
            boolean[] taken = new boolean[1];
            // per key, compute runs under the map's lock: taking and returning a slot never race with removing the entry
            slots.compute(key, (k, current) -> {
                Semaphore held = current == null ? new Semaphore(perKey) : current;
                taken[0] = held.tryAcquire();
                return held;
            });
            return taken[0];
        }

        void give(K key) {
            slots.compute(key, (k, held) -> {
                held.release();
                return held.availablePermits() == perKey ? null : held;
            });
        }

        int tracked() {
            return slots.size();
        }
    }
}
