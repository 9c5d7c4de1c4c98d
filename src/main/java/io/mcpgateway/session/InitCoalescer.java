package io.mcpgateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mcpgateway.credentials.ProbeSlots;
import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.state.SingleFlights;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Coalesces concurrent {@code /init} calls that present identical credentials for the same session: the first one
 * (the leader) validates, the others wait for its outcome instead of probing the user's API again. In this JVM the
 * leader is the first request in a map; across gateways sharing state, it is the one that claims the request's
 * {@link SingleFlights} key, and the first request of every other gateway waits for that leader's outcome on behalf
 * of its own JVM's followers.
 */
public class InitCoalescer {

    private static final String SUCCEEDED = "ok";

    private final ConcurrentMap<InitRequest, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Duration maxWait;
    private final ProbeSlots waiting;
    private final SingleFlights acrossGateways;

    /**
     * @param maxWait how long a follower waits for its leader; longer than the leader's own time limit
     * @param waiting the slots a follower holds while it waits: its worker thread is as busy as the leader's
     */
    public InitCoalescer(Duration maxWait, ProbeSlots waiting) {
        this(maxWait, waiting, SingleFlights.LOCAL);
    }

    public InitCoalescer(Duration maxWait, ProbeSlots waiting, SingleFlights acrossGateways) {
        this.maxWait = maxWait;
        this.waiting = waiting;
        this.acrossGateways = acrossGateways;
    }

    /**
     * Makes this exchange the leader for its credentials and returns true, or, when an identical init is already in
     * flight, waits for it and returns false (its failure is rethrown, so the follower gets the same answer; a leader
     * that outlasts the wait is a NETWORK_ERROR, as a probe timeout would be). A leader of this JVM that found another
     * gateway leading waits for that one in turn, and returns true once it succeeded: the caller looks for the stored
     * session again and validates only if it is not there.
     */
    public boolean leadOrAwait(InitRequest request, Exchange exchange) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> leader = inFlight.putIfAbsent(request, mine);
        if (leader == null) {
            leadAcrossGateways(request, exchange, mine);
            return true;
        }
        waiting.take(exchange);
        try {
            leader.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new GatewayException(ErrorType.NETWORK_ERROR, "Timed out waiting for the credential check");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorType.SERVER_ERROR, "Interrupted");
        } finally {
            waiting.release();
        }
    }

    /** Leads across gateways, or waits for the gateway that leads and takes its outcome as this JVM's. */
    private void leadAcrossGateways(InitRequest request, Exchange exchange, CompletableFuture<Void> mine) {
        String key = request.sessionId() + "\n" + request.apiUrl() + "\n"
                + Base64.getEncoder().encodeToString(request.tokenDigest());
        Instant deadline = Instant.now().plus(maxWait);
        Optional<SingleFlights.Leadership> leadership;
        try {
            leadership = acrossGateways.tryLead(key, maxWait);
            while (leadership.isEmpty()) {
                Optional<String> outcome;
                waiting.take(exchange);
                try {
                    outcome = acrossGateways.awaitOutcome(key, deadline);
                } finally {
                    waiting.release();
                }
                if (outcome.isPresent()) {
                    if (!outcome.get().equals(SUCCEEDED)) {
                        throw rebuilt(outcome.get());
                    }
                    break;
                }
                leadership = acrossGateways.tryLead(key, maxWait); // the other leader is gone: lead
            }
        } catch (SingleFlights.LeaderTimedOut e) {
            inFlight.remove(request, mine);
            mine.completeExceptionally(timedOut());
            throw timedOut();
        } catch (RuntimeException e) {
            inFlight.remove(request, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new ReleaseOnCompletion(request, mine, leadership.orElse(null)));
    }

    private static GatewayException timedOut() {
        return new GatewayException(ErrorType.NETWORK_ERROR, "Timed out waiting for the credential check");
    }

    /** The leader's failure as it was answered (fixed catalog text only), for another gateway's followers. */
    private static String published(Throwable failure) {
        ErrorCatalog.Answer answer = ErrorCatalog.classify(failure);
        return answer.type().name() + "\n" + (answer.retryAfterSeconds() == null ? "" : answer.retryAfterSeconds())
                + "\n" + answer.message();
    }

    private static GatewayException rebuilt(String published) {
        String[] parts = published.split("\n", 3);
        ErrorType type = ErrorType.valueOf(parts[0]);
        return parts[1].isEmpty() ? new GatewayException(type, parts[2])
                : GatewayException.retryAfter(type, parts[2], Long.parseLong(parts[1]));
    }

    /** Publishes the leader's outcome when its exchange is done, whatever happened. */
    private final class ReleaseOnCompletion extends SynchronizationAdapter {
        private final InitRequest request;
        private final CompletableFuture<Void> outcome;
        private final SingleFlights.Leadership leadership;

        ReleaseOnCompletion(InitRequest request, CompletableFuture<Void> outcome, SingleFlights.Leadership leadership) {
            this.request = request;
            this.outcome = outcome;
            this.leadership = leadership;
        }

        @Override
        public void onDone(Exchange exchange) {
            inFlight.remove(request, outcome);
            // the failure the caller was answered with: a caught-and-handled exception along the way (a refused
            // discovery probe, say) leaves Exchange.EXCEPTION_CAUGHT set on a successful exchange too
            Throwable failure = exchange.getException() != null
                    ? exchange.getException() : exchange.getProperty(GatewayExchange.ANSWERED_FAILURE, Throwable.class);
            if (failure == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(failure);
            }
            if (leadership != null) {
                try {
                    leadership.finish(failure == null ? SUCCEEDED : published(failure));
                } catch (RuntimeException e) {
                    // the other gateways' followers see the key lapse and lead themselves
                }
            }
        }
    }
}
