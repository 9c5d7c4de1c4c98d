package io.mcpgateway.observe;

import java.time.Duration;
import java.util.List;
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
import io.mcpgateway.upstream.UpstreamMeters;
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
public final class GatewayMetrics implements UpstreamMeters {

    /** Latency buckets, from a cached session reuse to a tool that runs for a minute. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** Route ids whose requests the metrics tell apart (the {@code route} label). */
    public static final String INIT_SESSION = "init-session";
    public static final String LIST_TOOLS = "list-tools";
    public static final String CALL_TOOL = "call-tool";
    public static final String CLOSE_SESSION = "close-session";
    /** Each route's answer when it succeeds. */
    private static final Map<String, Integer> SUCCESS_STATUS = Map.of(INIT_SESSION, 200, LIST_TOOLS, 200, CALL_TOOL, 200,
            CLOSE_SESSION, 204);

    /** The {@code limit} label of a request refused with 429: which bound refused it, on which routes it can. */
    public enum Limit {
        /** Requests in a rolling minute: per client address on /init, per session on tool requests. */
        RATE(INIT_SESSION, LIST_TOOLS, CALL_TOOL),
        /** Requests in progress: per session and in all. */
        CONCURRENCY(LIST_TOOLS, CALL_TOOL),
        /** Sessions stored for one principal or one client address: /init. */
        SESSIONS(INIT_SESSION);

        private final List<String> routes;

        Limit(String... routes) {
            this.routes = List.of(routes);
        }
    }

    /** The {@code outcome} of a credential probe: 2xx, 3xx/4xx, or 5xx, a timeout or a network failure. */
    public enum ProbeOutcome { VALID, REJECTED, FAILED }

    /**
     * Breaker state changes that can happen without an operator forcing one: a closed circuit opens, an open one lets
     * trial calls in (half open), which close it again or open it once more.
     */
    private static final List<CircuitBreaker.StateTransition> TRANSITIONS = List.of(
            CircuitBreaker.StateTransition.CLOSED_TO_OPEN, CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN,
            CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED, CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN);
    /** The statuses with which an upstream refuses a signed request. */
    private static final List<Integer> SIGNATURE_REFUSALS = List.of(401, 403);

    private final MeterRegistry registry;
    private final List<String> upstreamMethods;
    private volatile boolean upstreamsFileApplied = true;
    private volatile int upstreamsFileProblems;
    /**
     * Meters already registered, by name and label values: registering looks the meter up by a freshly built and
     * sorted id, which showed in the profile of every request. The label sets are small and fixed, so this stays small.
     */
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    /**
     * Registers, at zero, the series whose labels are known before anything happens, so that dashboards and alerts
     * work from start-up ({@code increase()} over a series that does not exist yet misses its first event): evictions
     * here, and for each upstream ({@link #upstream}) the retries of each method sent, refused signatures and each
     * method's successful calls (the other outcomes are many, and most never occur: they start with their first call).
     *
     * @param upstreamMethods the methods this application sends upstream: each may be retried
     */
    public GatewayMetrics(MeterRegistry registry, List<String> upstreamMethods) {
        this.registry = registry;
        this.upstreamMethods = List.copyOf(upstreamMethods);
        sessionsEvicted();
        List.of("applied", "refused").forEach(this::upstreamsReloads);
        Gauge.builder("mcp.gateway.upstreams.file.applied", () -> upstreamsFileApplied ? 1 : 0)
                .description("1 when MCP_UPSTREAMS_FILE as on disk is in use (or there is none), 0 when its last change"
                        + " was refused").register(registry);
        Gauge.builder("mcp.gateway.upstreams.file.problems", () -> upstreamsFileProblems)
                .description("Problems of the last refused change of MCP_UPSTREAMS_FILE (each logged), 0 once one is"
                        + " applied").register(registry);
    }

    /** Registers, at zero, an upstream's series (see the constructor); again for the same name is harmless. */
    public void upstream(String upstream) {
        upstreamMethods.forEach(method -> retries(upstream, method));
        upstreamMethods.forEach(method -> upstreamCallDuration(upstream, method, outcome(null)));
        SIGNATURE_REFUSALS.forEach(status -> signatureFailures(upstream, status));
        toolNameCollisions(upstream);
    }

    /**
     * Registers, at zero, the series of the gateway's own routes: refusals by the limits that can refuse each route,
     * the request and probe histograms, and each route's successful requests (the other outcome and status
     * combinations are many, and most never occur: they start with their first request).
     */
    public void gatewayRoutes() {
        for (Limit limit : Limit.values()) {
            limit.routes.forEach(route -> throttleRejections(route, limit));
        }
        SUCCESS_STATUS.forEach((route, status) -> requests(route, outcome(null), status));
        SUCCESS_STATUS.keySet().forEach(this::requestDuration);
        for (ProbeOutcome outcome : ProbeOutcome.values()) {
            probeDuration(outcome);
        }
    }

    /** The {@code outcome} label: {@code ok}, or the catalog type the request or call failed with, in lower case. */
    public static String outcome(ErrorType failedWith) {
        return failedWith == null ? "ok" : label(failedWith);
    }

    /** One answered gateway request. */
    public void request(String route, String outcome, int status, long nanos) {
        requests(route, outcome, status).increment();
        requestDuration(route).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter requests(String route, String outcome, int status) {
        return counter("mcp.gateway.requests", "Answered gateway requests",
                "route", route, "outcome", outcome, "status", String.valueOf(status));
    }

    private Timer requestDuration(String route) {
        return timer("mcp.gateway.request.duration", "Whole gateway requests, from arrival to answer", "route", route);
    }

    /** One credential probe, {@code POST {apiUrl}/settings/validate}: outcome valid, rejected or failed. */
    public void credentialProbe(ProbeOutcome outcome, long nanos) {
        probeDuration(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer probeDuration(ProbeOutcome outcome) {
        return timer("mcp.gateway.credential.probe.duration", "Credential probes against the user's API",
                "outcome", label(outcome));
    }

    /** One upstream JSON-RPC call, retries and pauses included: outcome ok or the catalog type it failed with. */
    @Override
    public void upstreamCall(String upstream, String method, ErrorType failedWith, long nanos) {
        String outcome = outcome(failedWith);
        upstreamCallDuration(upstream, method, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer upstreamCallDuration(String upstream, String method, String outcome) {
        return timer("mcp.gateway.upstream.call.duration", "Upstream MCP calls, retries included", "upstream", upstream,
                "method", method, "outcome", outcome);
    }

    @Override
    public void upstreamRetry(String upstream, String method) {
        retries(upstream, method).increment();
    }

    private Counter retries(String upstream, String method) {
        return counter("mcp.gateway.upstream.retries", "Upstream attempts sent again", "upstream", upstream,
                "method", method);
    }

    /** A signed upstream request that the server refused with 401 or 403 (its signature or credential). */
    @Override
    public void signatureRejected(String upstream, int status) {
        signatureFailures(upstream, status).increment();
    }

    private Counter signatureFailures(String upstream, int status) {
        return counter("mcp.gateway.signature.failures", "Signed upstream requests the server refused",
                "upstream", upstream, "status", String.valueOf(status));
    }

    /** Two tools of the upstreams wanted one name (or the gateway's own tool's): both left out; counted once. */
    public void toolNameCollision(String upstream) {
        toolNameCollisions(upstream).increment();
    }

    private Counter toolNameCollisions(String upstream) {
        return counter("mcp.gateway.tool.name.collisions", "Tool names left out because several tools wanted them",
                "upstream", upstream);
    }

    /**
     * A change of the upstreams file: applied, or refused (invalid, or its TLS material unusable) with that many
     * problems, each of which the log names.
     */
    public void upstreamsReload(boolean applied, int problems) {
        upstreamsFileApplied = applied;
        upstreamsFileProblems = applied ? 0 : problems;
        upstreamsReloads(applied ? "applied" : "refused").increment();
    }

    private Counter upstreamsReloads(String outcome) {
        return counter("mcp.gateway.upstreams.reloads", "Changes of MCP_UPSTREAMS_FILE seen, applied or refused",
                "outcome", outcome);
    }

    /** A request refused with 429 by a limit. */
    public void throttled(String route, Limit limit) {
        throttleRejections(route, limit).increment();
    }

    private Counter throttleRejections(String route, Limit limit) {
        return counter("mcp.gateway.throttle.rejections", "Requests refused by a rate, concurrency or session limit",
                "route", route, "limit", label(limit));
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

    /** Resilience4j's breaker metrics for every breaker the registry holds now or later (label {@code name}). */
    public void circuitBreakers(CircuitBreakerRegistry breakers) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    }

    /** A count of an upstream breaker's state transitions. */
    public void circuitBreaker(String upstream, CircuitBreaker breaker) {
        TRANSITIONS.forEach(transition -> circuitTransitions(upstream, transition));
        breaker.getEventPublisher().onStateTransition(
                event -> circuitTransitions(upstream, event.getStateTransition()).increment());
    }

    private Counter circuitTransitions(String upstream, CircuitBreaker.StateTransition transition) {
        return counter("mcp.gateway.circuit.transitions", "Upstream circuit breaker state transitions",
                "upstream", upstream, "from", label(transition.getFromState()), "to", label(transition.getToState()));
    }

    /** A label value from an enumeration: its name in lower case. */
    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
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
