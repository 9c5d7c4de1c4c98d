package io.mcpgateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.OutboundClients;
import io.mcpgateway.logging.LogSanitizer;
import io.mcpgateway.observe.GatewayMetrics;
import io.mcpgateway.upstream.ProtocolEras;
import io.mcpgateway.upstream.ReadUpstreamReply;
import io.mcpgateway.upstream.RequestDeadline;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamCircuit;
import io.mcpgateway.upstream.UpstreamRegistry.Federation;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRequests;
import io.mcpgateway.upstream.UpstreamRetryPolicy;
import io.mcpgateway.upstream.federation.ToolFilter;
import io.mcpgateway.upstream.federation.ToolNames;
import io.mcpgateway.upstream.federation.ToolPolicy;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
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
 * Builds the upstream registry, one entry per upstream (of the upstreams file, or the one of the {@code MCP_*}
 * settings), each with its own HTTP client, breaker, retry rule, call slots and reply reader, and binds the steps of
 * {@code open-upstream-session}, {@code call-upstream}, {@code send-upstream} and the session end, each acting for the
 * exchange's upstream. A reload builds the changed entries anew and keeps the unchanged ones as they are (their
 * breaker state, connections and what was learnt of their era).
 */
final class UpstreamWiring {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamWiring.class);
    /** The default upstream's HTTP component and breaker keep the names they had before the registry (metrics, tests). */
    static final String DEFAULT_CLIENT = "mcp-upstream";

    private final CamelContext context;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService deadlines;
    private final UpstreamRequests.ToolSchemas toolSchemas;
    private final IntFunction<ReadUpstreamReply> replyReaders;
    private final Function<String, String> environment;
    private final Duration longestHold;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    /** Makes the component of a changed upstream a new name: requests in flight keep the old one until they end. */
    private final AtomicInteger generation = new AtomicInteger();
    /** The TLS files' contents each entry in use was built with (see {@link #tlsFingerprint}). */
    private final Map<Upstream, String> fingerprints = new ConcurrentHashMap<>();

    /**
     * @param replyReaders a reader of upstream answers bounded by the given response size (KB)
     * @param environment  the value of an environment variable an upstreams file names, or null
     */
    UpstreamWiring(CamelContext context, GatewaySettings settings, GatewayMetrics metrics,
                   ScheduledExecutorService deadlines, UpstreamRequests.ToolSchemas toolSchemas,
                   IntFunction<ReadUpstreamReply> replyReaders, Function<String, String> environment) {
        this.context = context;
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.toolSchemas = toolSchemas;
        this.replyReaders = replyReaders;
        this.environment = environment;
        this.longestHold = settings.longestRequestHold();
        metrics.circuitBreakers(breakers);
    }

    /** The registry for the settings: the upstreams file's upstreams when there is one, else the default upstream. */
    UpstreamRegistry configure(GatewaySettings settings) {
        Federation federation = settings.mcpUpstreamsFile() == null ? federation(settings)
                : federation(UpstreamsFile.read(settings.mcpUpstreamsFile(), settings, environment), null);
        UpstreamRegistry upstreams = new UpstreamRegistry(federation);
        bindSteps(context.getRegistry(), upstreams);
        return upstreams;
    }

    /** Without an upstreams file: the default upstream, every tool, names as the upstream gives them. */
    private Federation federation(GatewaySettings settings) {
        String credential = settings.mcpAuthToken().isEmpty() ? settings.mcpApiKey() : settings.mcpAuthToken();
        // no call slots of its own: MCP_MAX_CONCURRENT_CALLS bounds the tool requests, as it always did
        Upstream upstream = activate(prepare(UpstreamsFile.defaultUpstream(settings), credential,
                settings.mcpSigningSecret(), DEFAULT_CLIENT), Integer.MAX_VALUE);
        return new Federation(Map.of(upstream.name(), upstream), ToolNames.forUpstreams(1),
                new ToolPolicy(Map.of(upstream.name(), ToolFilter.ALL), List.of(), true), false);
    }

    /**
     * The upstreams of a (re)loaded file. An entry whose definition and TLS files did not change is kept as it is;
     * the others are prepared first (TLS material loaded, clients built) and only when every one could be are they
     * put in use (breakers, Camel components): a refused file changes nothing.
     *
     * @throws InvalidConfigurationException when an upstream's TLS material cannot be used
     */
    Federation federation(UpstreamsFile file, Federation previous) {
        Map<String, Object> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (UpstreamDefinition definition : file.upstreams()) {
            Upstream known = previous == null ? null : previous.byName().get(definition.name());
            if (known != null && known.definition().equals(definition)
                    && tlsFingerprint(definition).equals(fingerprints.get(known))) {
                entries.put(definition.name(), known);
                continue;
            }
            String credential = definition.authTokenEnv() != null ? secret(definition.authTokenEnv())
                    : definition.apiKeyEnv() != null ? secret(definition.apiKeyEnv()) : "";
            String signingSecret = definition.signingSecretEnv() == null ? "" : secret(definition.signingSecretEnv());
            try {
                entries.put(definition.name(), prepare(definition, credential, signingSecret,
                        DEFAULT_CLIENT + "-" + definition.name() + "-" + generation.incrementAndGet()));
            } catch (InvalidConfigurationException e) {
                e.problems().forEach(line -> problems.add(UpstreamsFileReader.PREFIX + "upstream " + definition.name()
                        + ": " + line.replaceFirst("^Invalid configuration: ", "")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        file.warnings().forEach(w -> LOG.warn("[GATEWAY] INSECURE SETTING: {}", w));
        Map<String, Upstream> byName = new LinkedHashMap<>();
        entries.forEach((name, entry) -> byName.put(name, entry instanceof Prepared prepared
                ? activate(prepared, prepared.definition().maxConcurrentCalls()) : (Upstream) entry));
        return new Federation(byName, file.toolNames(), file.toolPolicy(), true);
    }

    private String secret(String variable) {
        String value = environment.apply(variable);
        LogSanitizer.registerSecret(value);
        return value;
    }

    /**
     * After a reload: the Camel component of an entry no longer in use is removed once every request that may still
     * use it has ended.
     */
    void retire(Upstream upstream, boolean replacedByItsNewEntry) {
        if (!replacedByItsNewEntry) {
            breakers.remove(upstream.breaker().getName()); // a changed one's new breaker has the same name
        }
        fingerprints.remove(upstream);
        String component = upstream.endpointUri().substring(0, upstream.endpointUri().indexOf(':'));
        deadlines.schedule(() -> context.removeComponent(component), longestHold.toMillis() + 1_000,
                TimeUnit.MILLISECONDS);
    }

    /** An upstream whose TLS material loaded and whose client is built, not yet in use. */
    private record Prepared(UpstreamDefinition definition, HttpComponent component, String client, String credential,
                            RequestSigner signer, String tlsFingerprint) {
    }

    private Prepared prepare(UpstreamDefinition definition, String credential, String signingSecret, String client) {
        String fingerprint = tlsFingerprint(definition); // before the files are read: a change meanwhile shows next time
        HttpComponent component = httpClient(definition,
                new RequestDeadline(definition.requestTimeout(), deadlines, false));
        RequestSigner signer = signingSecret.isEmpty() ? null
                : new RequestSigner(signingSecret.getBytes(StandardCharsets.UTF_8));
        return new Prepared(definition, component, client, credential, signer, fingerprint);
    }

    /** @param maxConcurrentCalls the upstream's own call slots */
    private Upstream activate(Prepared prepared, int maxConcurrentCalls) {
        UpstreamDefinition definition = prepared.definition();
        String breakerName = definition.name().equals(UpstreamRegistry.DEFAULT) ? DEFAULT_CLIENT : definition.name();
        breakers.remove(breakerName); // a changed upstream starts with a closed circuit of its own
        CircuitBreaker breaker = breakers.circuitBreaker(breakerName, breakerConfig(definition.circuitOpen()));
        breaker.getEventPublisher().onStateTransition(event ->
                LOG.warn("[MCP CLIENT] Upstream circuit breaker ({}): {}", definition.name(), event.getStateTransition()));
        metrics.circuitBreaker(definition.name(), breaker);
        metrics.upstream(definition.name());
        context.addComponent(prepared.client(), prepared.component());
        Upstream upstream = new Upstream(definition,
                // the reply reader reads the answer as it arrives and judges its status itself
                prepared.client() + "://mcp?throwExceptionOnFailure=false&disableStreamCache=true",
                new UpstreamRequests(definition.url(), prepared.credential(), prepared.signer(),
                        definition.forwardUserContext(), definition.connectionTimeout(), toolSchemas),
                breaker,
                new UpstreamRetryPolicy(definition.name(), definition.maxRetries(), definition.requestTimeout(), metrics,
                        prepared.signer() != null, maxConcurrentCalls),
                replyReaders.apply(definition.maxResponseSizeKb()),
                new ProtocolEras(definition.url()));
        fingerprints.put(upstream, prepared.tlsFingerprint());
        return upstream;
    }

    /**
     * The contents of an upstream's TLS files (CA bundle, client certificate and key): a file rotated under the same
     * path is a change, for the reload and for whether an entry can be kept.
     */
    static String tlsFingerprint(UpstreamDefinition definition) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : Arrays.asList(definition.caPath(), definition.clientCertPath(),
                    definition.clientKeyPath())) {
                digest.update(file == null ? new byte[] {0} : readOrMark(file));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] readOrMark(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[] {1}; // unreadable now: differs from any content, and from a file left out
        }
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
        registry.bind("readUpstreamReply", upstreams.step((upstream, exchange) -> upstream.replies().process(exchange)));
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
    private static HttpComponent httpClient(UpstreamDefinition upstream, RequestDeadline deadline) {
        return OutboundClients.hardened(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(UpstreamTls.strategy(upstream))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(upstream.connectionTimeout()))
                        .setSocketTimeout(Timeout.of(upstream.requestTimeout()))
                        // a pooled connection idle this long is checked before reuse (a 1 ms read): one the server
                        // closed meanwhile (a restart) would fail a tool call that must not be sent twice. Under load
                        // connections are reused sooner and never checked
                        .setValidateAfterInactivity(
                                TimeValue.ofMilliseconds(FixedLimit.POOL_VALIDATE_AFTER_IDLE_MILLIS.value)).build())
                .setMaxConnTotal((int) FixedLimit.UPSTREAM_POOL.value)
                .setMaxConnPerRoute((int) FixedLimit.UPSTREAM_POOL.value)
                .build(), upstream.connectionTimeout(), upstream.requestTimeout(), deadline);
    }

    /**
     * Opens after at least half of the last 20 calls (10 at the least) failed by connection error, timeout or 5xx;
     * stays open {@code circuit-open-seconds} ({@code MCP_CIRCUIT_OPEN_SECONDS}), then lets 3 trial calls through.
     * Every exception thrown between {@link UpstreamCircuit#enter} and {@link UpstreamCircuit#succeeded} counts: no
     * record/ignore lists (the reply reader keeps the failures that must not count for after the circuit, see
     * ReadUpstreamReply). The gateway builds each breaker itself so that readiness and metrics watch the very
     * instance the steps use.
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
