package io.mcpgateway.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.mcpgateway.credentials.ProbeRefused;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the credential API again about a session's token once {@code SESSION_REVALIDATE_SECONDS} have passed since it
 * last accepted it, before the request is served. One probe per session runs, however many requests find it due;
 * the others wait for its outcome.
 * <ul>
 *   <li>accepted: the interval starts again;</li>
 *   <li>401 or 403: the token was revoked; the session ends and the request is 401;</li>
 *   <li>anything else (no answer, 5xx, another 4xx, too many probes in progress): the API could not say. Requests are
 *   still served for {@code SESSION_REVALIDATE_GRACE_SECONDS} beyond the interval, with a new probe at most every
 *   {@link #MAX_RETRY_PAUSE} (or the interval, if shorter); past the grace they are refused with 503 {@code API_UNAVAILABLE} (fail closed) until a probe
 *   succeeds. The session itself is kept, so that it recovers when the API does.</li>
 * </ul>
 */
public class RevalidateSession implements Processor {

    /**
     * The longest pause between probes of a session after one failed (shorter when the interval is), so that an
     * unreachable API is not asked by every request.
     */
    static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.credentials");

    /** Runs the credential probe for the session; returns its failure, or null when the API accepted the token. */
    @FunctionalInterface
    public interface Probe {
        Throwable check(Exchange request, GatewaySession session);
    }

    private final SessionStore store;
    private final Probe probe;
    private final long intervalNanos;
    private final long graceNanos;
    private final long retryPauseNanos;
    private final Duration maxWait;
    private final LongSupplier ticker;

    /** @param maxWait how long a request waits for another request's probe: longer than the probe's own limit */
    public RevalidateSession(SessionStore store, Probe probe, Duration interval, Duration grace, Duration maxWait,
                             LongSupplier ticker) {
        this.store = store;
        this.probe = probe;
        this.intervalNanos = interval.toNanos();
        this.graceNanos = grace.toNanos();
        this.retryPauseNanos = Math.min(MAX_RETRY_PAUSE.toNanos(), intervalNanos);
        this.maxWait = maxWait;
        this.ticker = ticker;
    }

    @Override
    public void process(Exchange exchange) {
        GatewaySession session = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
        Revalidation state = session.revalidation();
        if (ticker.getAsLong() - state.lastAcceptedNanos() < intervalNanos) {
            return;
        }
        Optional<Revalidation.Attempt> attempt = state.join(ticker.getAsLong());
        if (attempt.isPresent()) { // else a probe failed a moment ago: no verdict, as below
            Throwable failure = attempt.get().leads() ? lead(exchange, session, state) : await(attempt.get());
            if (failure == null) {
                return;
            }
            if (failure instanceof ProbeRefused refused && refused.revokesToken()) {
                store.end(session, SessionStore.Ending.REVOKED);
                throw new GatewayException(ErrorType.AUTH_ERROR,
                        "The credential API no longer accepts this session's token; run /init again");
            }
        }
        if (ticker.getAsLong() - state.lastAcceptedNanos() < intervalNanos + graceNanos) {
            return; // the API could not say: served within the grace
        }
        throw GatewayException.retryAfter(ErrorType.API_UNAVAILABLE,
                "The session's credentials could not be checked again with the credential API; retry later",
                TimeUnit.NANOSECONDS.toSeconds(retryPauseNanos));
    }

    private Throwable lead(Exchange exchange, GatewaySession session, Revalidation state) {
        Throwable failure;
        try {
            failure = probe.check(exchange, session);
        } catch (RuntimeException e) {
            failure = e;
        }
        state.finish(failure, ticker.getAsLong(), retryPauseNanos);
        if (failure == null) {
            store.revalidated(session);
        }
        if (failure != null && !(failure instanceof ProbeRefused refused && refused.revokesToken())) {
            LOG.warn("[GATEWAY] Re-validation could not reach a verdict for session_id: {} ({}); served only within the"
                    + " grace (request_id={})", session.sessionId(), failure.getClass().getSimpleName(),
                    exchange.getProperty(GatewayExchange.REQUEST_ID));
        }
        return failure;
    }

    private Throwable await(Revalidation.Attempt attempt) {
        try {
            attempt.outcome().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
