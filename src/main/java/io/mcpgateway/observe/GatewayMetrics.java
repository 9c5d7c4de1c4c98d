package io.mcpgateway.observe;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.mcpgateway.error.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The gateway's own Prometheus metrics (documented in docs/operations.md). Every label has a small, fixed set of
 * values: route ids, catalog error types, status codes, MCP method names. Session ids, tokens and URLs are never
 * labels: they are unbounded, and some are secrets.
 */
public final class GatewayMetrics {

    /** Latency buckets, from a cached session reuse to a tool that runs for a minute. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    /**
     * Meters already registered, by name and label values: registering looks the meter up by a freshly built and
     * sorted id, which showed in the profile of every request. The label sets are small and fixed, so this stays small.
     */
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        sessionsEvicted(); // at zero from the start, so that alerts on it work before the first eviction
    }

    /** The {@code outcome} label: {@code ok}, or the catalog type the request or call failed with, in lower case. */
    public static String outcome(ErrorType failedWith) {
        return failedWith == null ? "ok" : failedWith.name().toLowerCase(Locale.ROOT);
    }

    /** One answered gateway request. */
    public void request(String route, String outcome, int status, long nanos) {
        counter("mcp.gateway.requests", "Answered gateway requests",
                "route", route, "outcome", outcome, "status", String.valueOf(status)).increment();
        timer("mcp.gateway.request.duration", "Whole gateway requests, from arrival to answer", "route", route)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One credential probe, {@code POST {apiUrl}/settings/validate}: outcome valid, rejected or failed. */
    public void credentialProbe(String outcome, long nanos) {
        timer("mcp.gateway.credential.probe.duration", "Credential probes against the user's API", "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One upstream JSON-RPC call, retries and pauses included: outcome ok or the catalog type it failed with. */
    public void upstreamCall(String method, String outcome, long nanos) {
        timer("mcp.gateway.upstream.call.duration", "Upstream MCP calls, retries included", "method", method,
                "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void upstreamRetry(String method) {
        counter("mcp.gateway.upstream.retries", "Upstream attempts sent again", "method", method).increment();
    }

    /** A signed upstream request that the server refused with 401 or 403 (its signature or credential). */
    public void signatureRejected(int status) {
        counter("mcp.gateway.signature.failures", "Signed upstream requests the server refused",
                "status", String.valueOf(status)).increment();
    }

    /** A request refused by a limit: {@code rate} (per client or per session) or {@code concurrency}. */
    public void throttled(String route, String limit) {
        counter("mcp.gateway.throttle.rejections", "Requests refused by a rate or concurrency limit",
                "route", route, "limit", limit).increment();
    }

    /** A session pushed out of a full store ({@code SESSION_MAX}). */
    public void sessionEvicted() {
        sessionsEvicted().increment();
    }

    private Counter sessionsEvicted() {
        return counter("mcp.gateway.sessions.evicted", "Sessions evicted from a full store");
    }

    public void activeSessions(Supplier<Number> count) {
        Gauge.builder("mcp.gateway.sessions.active", count).description("Gateway sessions stored").register(registry);
    }

    /** Caffeine's own statistics (hits, misses, evictions, size) under {@code cache_*} with a {@code cache} label. */
    public void cache(String name, Cache<?, ?> cache) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    /** Resilience4j's breaker metrics, plus a count of state transitions. */
    public void circuitBreaker(CircuitBreakerRegistry breakers, CircuitBreaker breaker) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        breaker.getEventPublisher().onStateTransition(event -> counter("mcp.gateway.circuit.transitions",
                "Upstream circuit breaker state transitions", "from", label(event.getStateTransition().getFromState()),
                "to", label(event.getStateTransition().getToState())).increment());
    }

    private static String label(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String description, String... tags) {
        return (Counter) meters.computeIfAbsent(name + "|" + String.join("|", tags), key ->
                Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        return (Timer) meters.computeIfAbsent(name + "|" + String.join("|", tags), key ->
                Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS).register(registry));
    }
}
