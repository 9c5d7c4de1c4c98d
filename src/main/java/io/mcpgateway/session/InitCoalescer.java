package io.mcpgateway.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mcpgateway.credentials.ProbeSlots;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Coalesces concurrent {@code /init} calls that present identical credentials for the same session: the first one
 * (the leader) validates, the others wait for its outcome instead of probing the user's API again.
 */
public class InitCoalescer {

    private final ConcurrentMap<InitRequest, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Duration maxWait;
    private final ProbeSlots waiting;

    /**
     * @param maxWait how long a follower waits for its leader; longer than the leader's own time limit
     * @param waiting the slots a follower holds while it waits: its worker thread is as busy as the leader's
     */
    public InitCoalescer(Duration maxWait, ProbeSlots waiting) {
        this.maxWait = maxWait;
        this.waiting = waiting;
    }

    /**
     * Makes this exchange the leader for its credentials and returns true, or, when an identical init is already in
     * flight, waits for it and returns false (its failure is rethrown, so the follower gets the same answer; a leader
     * that outlasts the wait is a NETWORK_ERROR, as a probe timeout would be).
     */
    public boolean leadOrAwait(InitRequest request, Exchange exchange) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> leader = inFlight.putIfAbsent(request, mine);
        if (leader == null) {
            exchange.getExchangeExtension().addOnCompletion(new ReleaseOnCompletion(request, mine));
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

    /** Publishes the leader's outcome when its exchange is done, whatever happened. */
    private final class ReleaseOnCompletion extends SynchronizationAdapter {
        private final InitRequest request;
        private final CompletableFuture<Void> outcome;

        ReleaseOnCompletion(InitRequest request, CompletableFuture<Void> outcome) {
            this.request = request;
            this.outcome = outcome;
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
        }
    }
}
