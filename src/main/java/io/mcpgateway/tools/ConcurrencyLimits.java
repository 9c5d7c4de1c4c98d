package io.mcpgateway.tools;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.state.ConcurrencyLeases;
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

    /** Without settings: a lease held far beyond any request's own deadline. */
    private static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(10);

    private final Semaphore total;
    private final ConcurrencyLeases sessions;
    private final ConcurrencyLeases principals;
    private final Duration maxHold;

    /** @param sessions, principals the per-session and per-principal slots; the global cap stays in this JVM */
    public ConcurrencyLimits(int total, ConcurrencyLeases sessions, ConcurrencyLeases principals) {
        this(total, sessions, principals, DEFAULT_MAX_HOLD);
    }

    /**
     * @param maxHold how long a lease may outlive a gateway that died mid-call: longer than any request may hold it
     *                ({@code GatewaySettings.longestRequestHold})
     */
    public ConcurrencyLimits(int total, ConcurrencyLeases sessions, ConcurrencyLeases principals, Duration maxHold) {
        this.total = new Semaphore(total);
        this.sessions = sessions;
        this.principals = principals;
        this.maxHold = maxHold;
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        String owner = ownerOf(exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class), sessionId);
        if (!total.tryAcquire()) {
            throw busy(exchange);
        }
        Optional<ConcurrencyLeases.Lease> session = sessions.tryTake(sessionId, maxHold);
        if (session.isEmpty()) {
            total.release();
            throw busy(exchange);
        }
        Optional<ConcurrencyLeases.Lease> principal = principals.tryTake(owner, maxHold);
        if (principal.isEmpty()) {
            session.get().release();
            total.release();
            throw busy(exchange);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                principal.get().release();
                session.get().release();
                total.release();
            }
        });
    }

    private static GatewayException busy(Exchange exchange) {
        return GatewayException.retryAfter(ErrorType.RATE_LIMITED, "Too many requests in progress, retry shortly", 1);
    }

    /**
     * Whose share a call counts against: the session's principal, or, for a token without one, the session itself
     * (prefixed apart, so that no principal's name can be taken for a session id).
     */
    private static String ownerOf(GatewaySession session, String sessionId) {
        String principal = session == null ? null : session.principal();
        return principal != null ? "principal:" + principal : "session:" + sessionId;
    }
}
