package io.mcpgateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * One task per upstream, all at once: the first on the caller's thread, the others on a bounded pool of their own.
 * Each task is bounded by its upstream's own deadline; the caller waits for each at most a little longer than that,
 * so one slow upstream costs the caller its own timeout, never the sum. A task the pool has no room for, or one that
 * overran, fails as its upstream being unavailable: the other upstreams' outcomes stand.
 */
public final class UpstreamFanOut {

    /** What a task ended with: its value, or why it has none. */
    public record Outcome<T>(T value, Exception failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Beyond an upstream's request timeout, what the caller allows its task for the hand-over and the answer. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private final ExecutorService pool;

    /** @param pool bounded, with a bounded queue that refuses when full (a task then fails at once) */
    public UpstreamFanOut(ExecutorService pool) {
        this.pool = pool;
    }

    /** @param task must not throw for an upstream's failure: its outcome says it; a throw is taken as the failure */
    public <T> Map<String, Outcome<T>> each(List<Upstream> upstreams, Function<Upstream, Outcome<T>> task) {
        List<CompletableFuture<Outcome<T>>> others = new ArrayList<>();
        for (Upstream upstream : upstreams.subList(1, upstreams.size())) {
            CompletableFuture<Outcome<T>> future;
            try {
                future = CompletableFuture.supplyAsync(() -> guarded(task, upstream), pool);
            } catch (RejectedExecutionException busy) {
                future = CompletableFuture.completedFuture(unavailable());
            }
            others.add(future);
        }
        Map<String, Outcome<T>> outcomes = new LinkedHashMap<>();
        outcomes.put(upstreams.get(0).name(), guarded(task, upstreams.get(0)));
        for (int i = 0; i < others.size(); i++) {
            Upstream upstream = upstreams.get(i + 1);
            outcomes.put(upstream.name(), await(others.get(i), upstream.definition().requestTimeout().plus(SLACK)));
        }
        return outcomes;
    }

    private static <T> Outcome<T> guarded(Function<Upstream, Outcome<T>> task, Upstream upstream) {
        try {
            return task.apply(upstream);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e);
        }
    }

    private static <T> Outcome<T> await(CompletableFuture<Outcome<T>> future, Duration limit) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome<>(null, e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    private static <T> Outcome<T> unavailable() {
        return new Outcome<>(null, GatewayException.retryAfter(ErrorType.UPSTREAM_UNAVAILABLE,
                "The MCP server is unavailable, retry later", 1));
    }
}
