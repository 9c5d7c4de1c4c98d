package io.mcpgateway.upstream;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop of {@code call-upstream}: which failed attempts are sent again, and after what pause. A request that
 * never left (connection refused, connect timeout, no route, DNS, no pooled connection) is retried for any method; a
 * 502/503/504 or a timeout only for methods that are safe to repeat. A {@code tools/call} that may have reached the
 * server is never repeated, and an open circuit is never retried against. Pauses grow exponentially from 200 ms, capped
 * at 5 s, with ±20 % jitter so that many callers do not retry in step.
 *
 * <p>(Camel's redelivery is not used: a sub-route whose error handler exhausted its retries hands back a failure
 * that the calling route's error handler then ignores.)
 */
public class UpstreamRetryPolicy {

    static final String ATTEMPTS = "gatewayUpstreamRetries";
    /** Whether the loop makes another attempt. */
    static final String AGAIN = "gatewayUpstreamAgain";
    static final String STARTED_NANOS = "gatewayUpstreamCallStartedNanos";
    static final long FIRST_PAUSE_MILLIS = 200;
    static final long MAX_PAUSE_MILLIS = 5_000;
    private static final Set<String> IDEMPOTENT = Set.of(McpMethods.INITIALIZE, McpMethods.DISCOVER, "ping", "resources/read",
            "prompts/get");
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(502, 503, 504);
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.upstream");

    static final String SLOT_HELD = "gatewayUpstreamSlotHeld";

    private final String upstream;
    private final int maxRetries;
    private final long requestTimeoutNanos;
    private final UpstreamMeters metrics;
    private final boolean signed;
    private final Semaphore slots;

    /**
     * @param upstream           the upstream's name, for the metrics
     * @param requestTimeout     the limit on the whole request, retries and pauses included
     * @param signed             whether requests are signed (a 401/403 then counts as a refused signature)
     * @param maxConcurrentCalls calls in progress to this upstream, from this JVM, beyond which a call is refused
     */
    public UpstreamRetryPolicy(String upstream, int maxRetries, java.time.Duration requestTimeout, UpstreamMeters metrics,
                               boolean signed, int maxConcurrentCalls) {
        this.upstream = upstream;
        this.maxRetries = maxRetries;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.metrics = metrics;
        this.signed = signed;
        this.slots = new Semaphore(maxConcurrentCalls);
    }

    /**
     * Before the first attempt. The deadline is set once per gateway request and then spans every upstream call it
     * makes: attempts, retries, and a re-initialization with the request sent again.
     */
    public void start(Exchange exchange) {
        // one upstream's slow calls cannot take the workers every other upstream's calls need
        if (!slots.tryAcquire()) {
            throw GatewayException.retryAfter(ErrorType.RATE_LIMITED,
                    "Too many calls in progress to the MCP server, retry later", 1);
        }
        exchange.setProperty(SLOT_HELD, slots); // given back to this very semaphore, whatever a reload did meanwhile
        exchange.setProperty(ATTEMPTS, 0);
        exchange.setProperty(AGAIN, true);
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
        if (!exchange.getProperties().containsKey(GatewayExchange.UPSTREAM_DEADLINE_NANOS)) {
            exchange.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, System.nanoTime() + requestTimeoutNanos);
        }
    }

    /** After a successful attempt. */
    public void done(Exchange exchange) {
        exchange.setProperty(AGAIN, false);
    }

    /** After a failed attempt: pause and go again, or fail with the attempt's failure. */
    public void retryOrFail(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int done = exchange.getProperty(ATTEMPTS, 0, Integer.class);
        long pause = pauseMillis(done);
        long left = exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class) - System.nanoTime();
        if (done >= maxRetries || left < pause * 1_000_000
                || !retryable(exchange.getProperty(GatewayExchange.UPSTREAM_METHOD, String.class), failure)) {
            exchange.setProperty(AGAIN, false);
            record(exchange, failure);
            throw failure;
        }
        exchange.setProperty(ATTEMPTS, done + 1);
        metrics.upstreamRetry(upstream, exchange.getProperty(GatewayExchange.UPSTREAM_METHOD, String.class));
        LOG.info("[MCP CLIENT] Retrying {} for session_id: {} (retry {} of {}, after {}; request_id={})",
                exchange.getProperty(GatewayExchange.UPSTREAM_METHOD), exchange.getProperty(GatewayExchange.SESSION_ID),
                done + 1, maxRetries, failure.getClass().getSimpleName(), exchange.getProperty(GatewayExchange.REQUEST_ID));
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) { // a shutdown: the call ends here, its slot given back
            Thread.currentThread().interrupt();
            exchange.setProperty(AGAIN, false);
            record(exchange, failure);
            throw failure;
        }
    }

    /** After the loop: the call is over; a failure that the breaker did not count still fails it. */
    public void finish(Exchange exchange) throws Exception {
        try {
            ReadUpstreamReply.raiseKeptFailure(exchange);
        } catch (Exception failure) {
            record(exchange, failure);
            throw failure;
        }
        record(exchange, null);
    }

    /** The call is over, answered or failed: its slot is given back, its outcome counted. */
    private void record(Exchange exchange, Exception failure) {
        if (exchange.removeProperty(SLOT_HELD) instanceof Semaphore held) {
            held.release();
        }
        String method = exchange.getProperty(GatewayExchange.UPSTREAM_METHOD, String.class);
        metrics.upstreamCall(upstream, method, failure == null ? null : ErrorCatalog.classify(failure).type(),
                System.nanoTime() - exchange.getProperty(STARTED_NANOS, Long.class));
        if (signed && failure instanceof UpstreamFailures.Refused refused
                && (refused.status() == 401 || refused.status() == 403)) {
            metrics.signatureRejected(upstream, refused.status());
        }
    }

    static long pauseMillis(int retriesDone) {
        long base = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(retriesDone, 10));
        return (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    static boolean retryable(String method, Throwable failure) {
        boolean idempotent = method != null && (IDEMPOTENT.contains(method) || method.endsWith("/list"));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof ConnectionRequestTimeoutException
                    || t instanceof HttpHostConnectException) {
                return true; // the request was never sent
            }
            if (t instanceof UpstreamFailures.ServerError error) {
                return idempotent && RETRYABLE_STATUS.contains(error.status());
            }
            if (t instanceof InterruptedIOException) {
                return idempotent;
            }
        }
        return false;
    }
}
