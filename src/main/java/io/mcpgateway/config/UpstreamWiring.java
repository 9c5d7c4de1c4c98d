package io.mcpgateway.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.OutboundClients;
import io.mcpgateway.observe.GatewayMetrics;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.RequestDeadline;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamCircuit;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRequests;
import io.mcpgateway.upstream.UpstreamRetryPolicy;
import io.mcpgateway.upstream.signing.RequestSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the upstream registry (today its one entry, from the {@code MCP_*} settings) and binds the steps of
 * {@code open-upstream-session}, {@code call-upstream}, {@code send-upstream} and the session end, each acting for the
 * exchange's upstream.
 */
final class UpstreamWiring {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamWiring.class);
    /** The default upstream's HTTP component and breaker keep the names they had before the registry (metrics, tests). */
    static final String DEFAULT_CLIENT = "mcp-upstream";

    private UpstreamWiring() {
    }

    /**
     * @param toolSchemas a tool's published input schema by session id and tool name, or null (modern-era headers)
     */
    static UpstreamRegistry configure(CamelContext context, GatewaySettings settings, GatewayMetrics metrics,
                                             ScheduledExecutorService deadlines,
                                             BiFunction<String, String, JsonNode> toolSchemas) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig(settings.mcpCircuitOpen()));
        Upstream upstream = fromSettings(context, settings, metrics, deadlines, toolSchemas, breakers);
        upstream.breaker().getEventPublisher().onStateTransition(event ->
                LOG.warn("[MCP CLIENT] Upstream circuit breaker ({}): {}", upstream.name(), event.getStateTransition()));
        metrics.circuitBreaker(breakers, upstream.breaker());
        UpstreamRegistry upstreams = new UpstreamRegistry(List.of(upstream));
        bindSteps(context.getRegistry(), upstreams);
        return upstreams;
    }

    private static Upstream fromSettings(CamelContext context, GatewaySettings settings, GatewayMetrics metrics,
                                         ScheduledExecutorService deadlines,
                                         BiFunction<String, String, JsonNode> toolSchemas,
                                         CircuitBreakerRegistry breakers) {
        context.addComponent(DEFAULT_CLIENT, httpClient(settings,
                new RequestDeadline(settings.mcpRequestTimeout(), deadlines, false)));
        RequestSigner signer = settings.mcpSigningSecret().isEmpty() ? null
                : new RequestSigner(settings.mcpSigningSecret().getBytes(StandardCharsets.UTF_8));
        // the gateway's own credential toward the MCP server; the caller's token is never passed on
        String credential = settings.mcpAuthToken().isEmpty() ? settings.mcpApiKey() : settings.mcpAuthToken();
        return new Upstream(UpstreamRegistry.DEFAULT, settings.mcpServerUrl(),
                // the reply reader reads the answer as it arrives and judges its status itself
                DEFAULT_CLIENT + "://mcp?throwExceptionOnFailure=false&disableStreamCache=true",
                new UpstreamRequests(settings.mcpServerUrl(), credential, signer, settings.mcpForwardUserContext(),
                        settings.mcpConnectionTimeout(), toolSchemas),
                breakers.circuitBreaker(DEFAULT_CLIENT),
                new UpstreamRetryPolicy(settings.mcpMaxRetries(), settings.mcpRequestTimeout(), metrics, signer != null),
                new ProtocolEras(settings.mcpServerUrl()));
    }

    private static void bindSteps(Registry registry, UpstreamRegistry upstreams) {
        registry.bind("upstreams", upstreams);
        // open-upstream-session
        registry.bind("prepareDiscover", upstreams.step((upstream, exchange) -> upstream.eras().prepareDiscover(exchange)));
        registry.bind("acceptDiscoverResult",
                upstreams.step((upstream, exchange) -> upstream.eras().acceptDiscoverResult(exchange)));
        registry.bind("discoverRefused", upstreams.step((upstream, exchange) -> upstream.eras().discoverRefused(exchange)));
        registry.bind("forgetEraAndFail", upstreams.step((upstream, exchange) -> {
            upstream.eras().forget();
            throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }));
        // call-upstream: the attempts and the retry rule
        registry.bind("startUpstreamAttempts", upstreams.step((upstream, exchange) -> upstream.retries().start(exchange)));
        registry.bind("upstreamAttemptDone", upstreams.step((upstream, exchange) -> upstream.retries().done(exchange)));
        registry.bind("retryOrFailUpstream", upstreams.step((upstream, exchange) -> upstream.retries().retryOrFail(exchange)));
        registry.bind("finishUpstreamCall", upstreams.step((upstream, exchange) -> upstream.retries().finish(exchange)));
        // send-upstream (one attempt), end-upstream-session, refuse-server-request, resume-upstream-stream: each
        // builds its request, then sends it with the upstream's own client
        registry.bind("prepareUpstreamRequest", upstreams.step(sentWith(UpstreamRequests::jsonRpc)));
        registry.bind("prepareUpstreamSessionEnd", upstreams.step(sentWith(UpstreamRequests::endSession)));
        registry.bind("refuseServerRequest", upstreams.step(sentWith(UpstreamRequests::refuseServerRequest)));
        registry.bind("prepareStreamResumption", upstreams.step(sentWith(UpstreamRequests::resumeStream)));
        registry.bind("enterUpstreamCircuit", upstreams.step(UpstreamCircuit::enter));
        registry.bind("upstreamCircuitSucceeded", upstreams.step(UpstreamCircuit::succeeded));
        registry.bind("upstreamCircuitFailed", upstreams.step(UpstreamCircuit::failed));
    }

    @FunctionalInterface
    private interface RequestBuilder {
        void build(UpstreamRequests requests, Exchange exchange) throws Exception;
    }

    /** Builds the request, and names the upstream's HTTP endpoint for the route's {@code toD} that sends it. */
    private static UpstreamRegistry.UpstreamStep sentWith(RequestBuilder builder) {
        return (upstream, exchange) -> {
            builder.build(upstream.requests(), exchange);
            exchange.setProperty(GatewayExchange.UPSTREAM_ENDPOINT, upstream.endpointUri());
        };
    }

    /**
     * An upstream's HTTP client: verified TLS ({@link UpstreamTls}), connect and read timeouts, a bounded pool.
     */
    private static HttpComponent httpClient(GatewaySettings settings, RequestDeadline deadline) {
        return OutboundClients.hardened(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(UpstreamTls.strategy(settings))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.mcpConnectionTimeout()))
                        .setSocketTimeout(Timeout.of(settings.mcpRequestTimeout()))
                        // a pooled connection idle this long is checked before reuse (a 1 ms read): one the server
                        // closed meanwhile (a restart) would fail a tool call that must not be sent twice. Under load
                        // connections are reused sooner and never checked
                        .setValidateAfterInactivity(
                                TimeValue.ofMilliseconds(FixedLimit.POOL_VALIDATE_AFTER_IDLE_MILLIS.value)).build())
                .setMaxConnTotal((int) FixedLimit.UPSTREAM_POOL.value)
                .setMaxConnPerRoute((int) FixedLimit.UPSTREAM_POOL.value)
                .build(), settings.mcpConnectionTimeout(), settings.mcpRequestTimeout(), deadline);
    }

    /**
     * Opens after at least half of the last 20 calls (10 at the least) failed by connection error, timeout or 5xx;
     * stays open {@code MCP_CIRCUIT_OPEN_SECONDS}, then lets 3 trial calls through. Every exception thrown between
     * {@link UpstreamCircuit#enter} and {@link UpstreamCircuit#succeeded} counts: no record/ignore lists (the reply
     * reader keeps the failures that must not count for after the circuit, see ReadUpstreamReply). The gateway
     * builds the breaker itself so that readiness and metrics watch the very instance the steps use.
     */
    private static CircuitBreakerConfig breakerConfig(Duration openDuration) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize((int) FixedLimit.BREAKER_WINDOW.value)
                .minimumNumberOfCalls((int) FixedLimit.BREAKER_MINIMUM_CALLS.value)
                .failureRateThreshold(FixedLimit.BREAKER_FAILURE_RATE.value)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState((int) FixedLimit.BREAKER_HALF_OPEN_TRIALS.value)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }
}
