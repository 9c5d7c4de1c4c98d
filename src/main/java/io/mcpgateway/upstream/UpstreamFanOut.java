package io.mcpgateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;

/**
 * One task per upstream, all at once: the first on the caller's thread, each other on threads of its own upstream
 * (a bulkhead bounded by the upstream's {@code max-concurrent-calls}, with a queue as long), so that one hung
 * upstream cannot take the threads another one needs. Each task works on its own copy of the caller's exchange,
 * made here on the caller's thread, with an absolute deadline of its upstream's own (never later than the caller's);
 * the caller waits for each until that deadline and a little more, so a slow upstream costs it its own timeout, never
 * the sum. A task that found no room, or overran, fails as its upstream being unavailable, and what it yields late is
 * handed to the caller's {@code late} action (an upstream session opened after the caller stopped waiting is ended).
 */
public final class UpstreamFanOut {

    /** What a task ended with: its value, or why it has none. */
    public record Outcome<T>(T value, Exception failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Beyond a task's deadline, what the caller allows it for the hand-over and the answer. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private final Function<Upstream, ExecutorService> newPool;
    private final Map<Upstream, ExecutorService> pools = new ConcurrentHashMap<>();

    /** @param newPool makes an upstream's bounded pool (bounded queue, refusing when full) */
    public UpstreamFanOut(Function<Upstream, ExecutorService> newPool) {
        this.newPool = newPool;
    }

    /**
     * @param task runs on the copy made for the upstream; must not throw for an upstream's failure (its outcome says
     *             it), a throw is taken as the failure
     * @param late gets a value a task yielded after the caller stopped waiting for it
     */
    public <T> Map<String, Outcome<T>> each(Exchange exchange, List<Upstream> upstreams,
                                            BiFunction<Upstream, Exchange, Outcome<T>> task, BiConsumer<Upstream, T> late) {
        List<Exchange> copies = upstreams.stream().map(upstream -> copyFor(exchange, upstream)).toList();
        List<CompletableFuture<Outcome<T>>> others = new ArrayList<>();
        for (int i = 1; i < upstreams.size(); i++) {
            Upstream upstream = upstreams.get(i);
            Exchange copy = copies.get(i);
            CompletableFuture<Outcome<T>> future;
            try {
                future = CompletableFuture.supplyAsync(() -> guarded(task, upstream, copy), pool(upstream));
            } catch (RejectedExecutionException busy) {
                future = CompletableFuture.completedFuture(unavailable());
            }
            others.add(future);
        }
        Map<String, Outcome<T>> outcomes = new LinkedHashMap<>();
        outcomes.put(upstreams.get(0).name(), guarded(task, upstreams.get(0), copies.get(0)));
        for (int i = 1; i < upstreams.size(); i++) {
            Upstream upstream = upstreams.get(i);
            long deadline = copies.get(i).getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class);
            outcomes.put(upstream.name(), await(others.get(i - 1), deadline, value -> late.accept(upstream, value)));
        }
        return outcomes;
    }

    /** The upstream left the configuration: its threads end once their tasks have. */
    public void retire(Upstream upstream) {
        ExecutorService pool = pools.remove(upstream);
        if (pool != null) {
            pool.shutdown();
        }
    }

    private ExecutorService pool(Upstream upstream) {
        return pools.computeIfAbsent(upstream, newPool);
    }

    private static Exchange copyFor(Exchange exchange, Upstream upstream) {
        Exchange copy = exchange.copy();
        copy.setProperty(GatewayExchange.UPSTREAM_NAME, upstream.name());
        copy.removeProperty(GatewayExchange.UPSTREAM_SESSION);
        long own = System.nanoTime() + upstream.definition().requestTimeout().toNanos();
        Long callers = exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class);
        copy.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, callers == null ? own : Math.min(own, callers));
        return copy;
    }

    private static <T> Outcome<T> guarded(BiFunction<Upstream, Exchange, Outcome<T>> task, Upstream upstream,
                                          Exchange copy) {
        try {
            return task.apply(upstream, copy);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e);
        }
    }

    private static <T> Outcome<T> await(CompletableFuture<Outcome<T>> future, long deadlineNanos,
                                        java.util.function.Consumer<T> late) {
        try {
            long wait = deadlineNanos - System.nanoTime() + SLACK.toNanos();
            return future.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.thenAccept(outcome -> {
                if (!outcome.failed() && outcome.value() != null) {
                    late.accept(outcome.value());
                }
            });
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    private static <T> Outcome<T> unavailable() {
        return new Outcome<>(null, GatewayException.retryAfter(ErrorType.UPSTREAM_UNAVAILABLE,
                "The MCP server is unavailable, retry later", 1));
    }
}
