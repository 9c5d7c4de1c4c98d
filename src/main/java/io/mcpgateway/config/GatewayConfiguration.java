package io.mcpgateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import io.mcpgateway.endpoint.AdmitMcpRequest;
import io.mcpgateway.endpoint.McpReplies;
import io.mcpgateway.endpoint.McpResource;
import io.mcpgateway.endpoint.McpSessions;
import io.mcpgateway.endpoint.WriteMcpError;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.credentials.InterpretProbeResponse;
import io.mcpgateway.credentials.PrepareCredentialProbe;
import io.mcpgateway.credentials.ProbeSlots;
import io.mcpgateway.http.AssignRequestId;
import io.mcpgateway.http.CheckServerListening;
import io.mcpgateway.http.ClientTimeouts;
import io.mcpgateway.http.HttpServerHooks;
import io.mcpgateway.http.HttpServers;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.http.LimitBodySize;
import io.mcpgateway.http.OutboundClients;
import io.mcpgateway.http.RequireJsonContentType;
import io.mcpgateway.http.RequireMethod;
import io.mcpgateway.http.RouterErrorAnswers;
import io.mcpgateway.http.WriteErrorResponse;
import io.mcpgateway.logging.LogSanitizer;
import io.mcpgateway.observe.AuditLog;
import io.mcpgateway.observe.GatewayMetrics;
import io.mcpgateway.observe.RecordOutcomes;
import io.mcpgateway.observe.RecordSessionEndings;
import io.mcpgateway.observe.SharedStateReadiness;
import io.mcpgateway.observe.UpstreamCircuitReadiness;
import io.mcpgateway.security.ApiUrlGuard;
import io.mcpgateway.security.CheckApiOrigin;
import io.mcpgateway.security.CheckApiUrl;
import io.mcpgateway.security.GuardedDnsResolver;
import io.mcpgateway.security.InspectJwt;
import io.mcpgateway.security.RequireAllowedOrigin;
import io.mcpgateway.session.AuthenticateSessionOwner;
import io.mcpgateway.session.CheckSessionAdmission;
import io.mcpgateway.session.CheckSessionReuse;
import io.mcpgateway.session.CloseSession;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.session.InitCoalescer;
import io.mcpgateway.session.LimitInitRate;
import io.mcpgateway.session.ParseInitRequest;
import io.mcpgateway.session.RevalidateSession;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.session.StoreSession;
import io.mcpgateway.state.StateUnavailable;
import io.mcpgateway.state.redis.RedisState;
import io.mcpgateway.tools.CheckToolArguments;
import io.mcpgateway.tools.ConcurrencyLimits;
import io.mcpgateway.tools.ExposedTools;
import io.mcpgateway.tools.FetchToolList;
import io.mcpgateway.tools.LimitSessionRate;
import io.mcpgateway.tools.ListEveryUpstream;
import io.mcpgateway.tools.ParseToolRequest;
import io.mcpgateway.tools.PrepareSessionProbe;
import io.mcpgateway.tools.ToolListCache;
import io.mcpgateway.tools.ToolReplies;
import io.mcpgateway.tools.ToolSchemaValidator;
import io.mcpgateway.upstream.CallerSession;
import io.mcpgateway.upstream.LegacyHandshake;
import io.mcpgateway.upstream.McpMethods;
import io.mcpgateway.upstream.ReadUpstreamReply;
import io.mcpgateway.upstream.RequestDeadline;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamFanOut;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamSessions;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires every moving part of the gateway: settings, the session store, each named step the routes refer to, and the
 * credential API's HTTP client. The routes in {@code routes/} reference these beans by name.
 */
public class GatewayConfiguration implements CamelConfiguration {

    /** serve-mcp: the MCP endpoint's door and its rendering of the shared steps. */
    private static void bindMcpEndpoint(CamelContext context, Registry registry, GatewaySettings settings,
                                        SessionStore sessions) {
        EndpointSettings endpoint = settings.endpoint();
        McpResource resource;
        try {
            resource = new McpResource(endpoint.publicBase(),
                    () -> HttpServers.boundPort(HttpServers.gateway(context, settings.serverPort())),
                    endpoint.authorizationServers().stream().map(java.net.URI::toString).toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(List.of("Invalid configuration: " + GatewaySettings.Key.MCP_ENDPOINT_PUBLIC_URL
                    + " must be https://host[:port] (http only for a loopback host) without a path, and "
                    + GatewaySettings.Key.MCP_ENDPOINT_AUTHORIZATION_SERVERS + " https URLs"));
        }
        McpSessions mcpSessions = new McpSessions(endpoint.enabled() ? endpoint.apiUrl().toString() : null);
        registry.bind("admitMcpRequest", new AdmitMcpRequest(endpoint.enabled(), endpoint.allowedOrigins(),
                settings.serverHost()));
        registry.bind("readMcpMessage", (Processor) McpReplies::readMessage);
        registry.bind("beginMcpSession", (Processor) mcpSessions::begin);
        registry.bind("replyMcpInitialized", (Processor) mcpSessions::replyInitialized);
        registry.bind("nameMcpSession", (Processor) mcpSessions::nameSession);
        registry.bind("authenticateMcpSession", new AuthenticateSessionOwner(sessions, true, Clock.systemUTC(), true));
        registry.bind("acceptMcpNotification", (Processor) McpReplies::accepted);
        registry.bind("replyMcpPong", (Processor) McpReplies::pong);
        registry.bind("prepareMcpToolRequest", (Processor) McpReplies::prepareToolRequest);
        registry.bind("wrapMcpResult", (Processor) McpReplies::wrapResult);
        registry.bind("refuseUnknownMcpMethod", (Processor) McpReplies::unknownMethod);
        registry.bind("refuseMcpStream", (Processor) McpReplies::refuseStream);
        registry.bind("writeMcpError", new WriteMcpError(resource, endpoint.enabled()));
        registry.bind("requireGet", new RequireMethod("GET"));
        registry.bind("replyWithResourceMetadata", (Processor) exchange -> {
            if (!endpoint.enabled()) {
                throw new GatewayException(ErrorType.NOT_FOUND, "No such endpoint");
            }
            JsonReply.write(exchange, 200, resource.metadata().toJson());
        });
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);


    /** {@code /init} bodies are three short strings; anything larger is not a real request. */
    public static final int INIT_MAX_BODY_BYTES = (int) FixedLimit.INIT_BODY.value;
    static final int MAX_NOTIFICATIONS_KEPT = (int) FixedLimit.NOTIFICATIONS_KEPT.value;
    /** Worker threads kept free of tool calls, for /init, closes and error answers. */
    static final int RESERVED_WORKERS = (int) FixedLimit.RESERVED_WORKERS.value;
    static final int MAX_SERVER_REQUESTS = (int) FixedLimit.SERVER_REQUESTS.value;
    /** Coalesced identical /inits are cheap for the credential API but each holds a worker while it waits. */
    static final int FOLLOWERS_PER_PROBE = (int) FixedLimit.FOLLOWERS_PER_PROBE.value;

    /** Identical /inits that may wait on probes in progress (coalesced), beside the probes themselves. */
    static int followersPerProbe(GatewaySettings settings) {
        return FOLLOWERS_PER_PROBE * settings.validationMaxConcurrent();
    }

    /**
     * The Vert.x worker pool the HTTP servers run routes on: more threads than tool calls may hold at once, and probes,
     * which have slots of their own (a slow credential API never holds the workers tool calls need).
     */
    public static int httpWorkers(GatewaySettings settings) {
        return settings.mcpMaxConcurrentCalls() + settings.validationMaxConcurrent() + followersPerProbe(settings)
                + RESERVED_WORKERS;
    }

    /** What the gateway's own server wiring needs from the building blocks. */
    public record Blocks(GatewaySettings settings, GatewayMetrics metrics, AuditLog audit, UpstreamRegistry upstreams) {
    }

    /**
     * The gateway: its building blocks, then what only its own HTTP server needs (request metrics and audit, readiness
     * checks, the worker pool, the listening check and the router's catalog answers).
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        Blocks blocks = configureBlocks(context, key -> context.getPropertiesComponent().resolveProperty(key).orElse(null),
                meterRegistry(context.getRegistry()));
        GatewaySettings settings = blocks.settings();
        Registry registry = context.getRegistry();
        context.getManagementStrategy().addEventNotifier(new RecordOutcomes(blocks.metrics(), blocks.audit()));
        registry.bind("upstreamCircuitReadiness", new UpstreamCircuitReadiness(blocks.upstreams()::all));
        registry.bind("configurationReadiness", new ConfigurationReadiness(UpstreamTls.certificates(settings), Clock.systemUTC()));
        RedisState sharedState = registry.lookupByNameAndType(StateWiring.SHARED_STATE, RedisState.class);
        if (sharedState != null) {
            registry.bind("sharedStateReadiness", new SharedStateReadiness(sharedState::health));
        }
        // both HTTP servers are created on it: strict framing and the slow-client timeouts on every connection
        Vertx vertx = HttpServerHooks.vertx(vertxOptions(settings),
                new ClientTimeouts(settings.serverIdleTimeout(), settings.serverRequestReadTimeout()));
        registry.bind("vertx", vertx);
        context.addService(HttpServerHooks.closing(vertx));
        context.addStartupListener(new CheckServerListening(settings.serverPort()));
        context.addStartupListener(new RouterErrorAnswers(settings.serverPort()));
    }

    /**
     * The HTTP server runs routes on Vert.x worker threads: more than tool calls may hold at once (and probes, which
     * have slots of their own: a slow credential API never holds the workers tool calls need). A tool call holds
     * its worker up to {@code MCP_REQUEST_TIMEOUT} (tool-list fetch and schema validation included), an {@code /init}
     * up to its probe and the opening of the upstream session; Vert.x's blocked-thread warning, which carries the
     * thread's stack trace, is kept for a worker held longer than any of that (its default, 60 s, is shorter than
     * the longest allowed request timeout, and would log a trace every second for every legitimate slow call).
     */
    public static VertxOptions vertxOptions(GatewaySettings settings) {
        Duration longestHold = settings.longestRequestHold();
        return new VertxOptions().setWorkerPoolSize(httpWorkers(settings))
                .setMaxWorkerExecuteTime(longestHold.toMillis()).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * Every bean the routes name, the two HTTP clients, the breaker and the session store, from validated settings.
     * Also what {@link io.mcpgateway.reuse.GatewayBlocks} installs in another Camel application.
     *
     * @param properties a setting's value by property key, or null
     * @param meters     where the gateway's metrics go
     */
    public Blocks configureBlocks(CamelContext context, Function<String, String> properties, MeterRegistry meters) {
        GatewaySettings settings = GatewaySettings.load(properties);
        settings.secrets().forEach(LogSanitizer::registerSecret);
        // a line per setting: the log layout escapes line breaks inside a message, so one block would print as one line
        LOG.info("[GATEWAY] Effective configuration (secrets masked):");
        GatewaySettings.effective(properties).forEach(line -> LOG.info("[GATEWAY]   {}", line));
        settings.warnings().forEach(w -> LOG.warn("[GATEWAY] INSECURE SETTING: {}", w));

        StateWiring.State state = StateWiring.configure(context, settings);
        SessionStore sessions = state.sessions();
        ApiUrlGuard apiUrlGuard = new ApiUrlGuard(settings.apiAllowedHosts(), settings.apiAllowedOrigins());
        ProbeSlots probeSlots = new ProbeSlots(settings.validationMaxConcurrent());
        // a follower must outwait its leader: the probe and the upstream handshake, each bounded by its deadline
        InitCoalescer coalescer = new InitCoalescer(
                settings.validationTimeout().plus(settings.mcpRequestTimeout()).plusSeconds(2),
                new ProbeSlots(followersPerProbe(settings)), state.initProbes());

        // one timer per request in progress: the queue is bounded by the concurrency limits, not by a size of its own
        ScheduledExecutorService deadlines = context.getExecutorServiceManager().newScheduledThreadPool(this,
                "RequestDeadlines", new ThreadPoolProfileBuilder("request-deadlines").poolSize(1).maxQueueSize(-1).build());
        // sessions end on time, not at their next lookup, so that their upstream sessions are ended and they are audited
        deadlines.scheduleWithFixedDelay(() -> endDueSessions(sessions), 1, 1, TimeUnit.SECONDS);
        // leases a shared store could not take back at the end of a call are given back when it answers again; on a
        // thread of its own, since a store that is down makes each try wait its timeout
        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "LeaseReleases")
                .scheduleWithFixedDelay(() -> retryReleases(state), 1, 1, TimeUnit.SECONDS);

        Registry registry = context.getRegistry();
        registry.bind("gatewaySettings", settings);

        GatewayMetrics metrics = new GatewayMetrics(meters, McpMethods.SENT_BY_THE_GATEWAY);
        AuditLog audit = new AuditLog(Clock.systemUTC());
        RecordSessionEndings endings = new RecordSessionEndings(metrics, audit);
        RouteCalls routes = new RouteCalls(context);
        metrics.activeSessions(() -> {
            try {
                return sessions.size();
            } catch (StateUnavailable e) {
                return Double.NaN; // a scrape while the shared store is down: unknown, not zero
            }
        });
        registry.bind("sessionStore", sessions);

        // steps shared by every inbound route
        registry.bind("assignRequestId", new AssignRequestId());
        registry.bind("requirePost", new RequireMethod("POST"));
        registry.bind("requireDelete", new RequireMethod("DELETE"));
        registry.bind("requireJsonContentType", new RequireJsonContentType());
        registry.bind("writeErrorResponse", new WriteErrorResponse());
        registry.bind("replyOk", (Processor) JsonReply::ok);
        registry.bind("replyNoContent", (Processor) JsonReply::noContent);
        // closing a session always takes its token; SESSION_REQUIRE_BEARER concerns tool requests only
        registry.bind("authenticateSessionOwner", new AuthenticateSessionOwner(sessions, true, Clock.systemUTC()));
        registry.bind("authenticateToolCaller", new AuthenticateSessionOwner(sessions, settings.sessionRequireBearer(),
                Clock.systemUTC()));
        registry.bind("revalidateSession", new RevalidateSession(sessions,
                routes::probeSession, settings.sessionRevalidate(),
                settings.sessionRevalidateGrace(), settings.validationTimeout().plusSeconds(2), System::nanoTime));

        // init-session
        registry.bind("limitInitRate", new LimitInitRate(state.inits()));
        registry.bind("limitInitBodySize", new LimitBodySize(INIT_MAX_BODY_BYTES));
        registry.bind("parseInitRequest", new ParseInitRequest());
        registry.bind("checkApiOrigin", new CheckApiOrigin(apiUrlGuard));
        registry.bind("checkSessionReuse", new CheckSessionReuse(sessions, coalescer, Clock.systemUTC()));
        registry.bind("checkApiUrl", new CheckApiUrl(apiUrlGuard));
        registry.bind("inspectJwt", new InspectJwt(Clock.systemUTC()));
        registry.bind("checkSessionAdmission", new CheckSessionAdmission(sessions));
        registry.bind("storeSession", new StoreSession(sessions, routes::endUpstreamSession));

        // validate-credentials
        registry.bind("prepareCredentialProbe", new PrepareCredentialProbe());
        registry.bind("interpretProbeResponse", new InterpretProbeResponse());
        registry.bind("takeProbeSlot", (Processor) probeSlots::take);
        registry.bind("releaseProbeSlot", (Processor) exchange -> probeSlots.release());
        context.addComponent("credential-api", credentialApiClient(settings, apiUrlGuard,
                new RequestDeadline(settings.validationTimeout(), deadlines, true)));

        // open-upstream-session, call-upstream: one registry entry per upstream
        ToolListCache toolLists = new ToolListCache(settings.toolListTtl(),
                settings.sessionMax() * (settings.mcpUpstreamsFile() == null ? 1 : UpstreamsFile.MAX_UPSTREAMS));
        metrics.cache("tool_lists", toolLists.cache());
        // a session closed, expired or replaced meanwhile gets no new upstream session: nothing would ever end it
        Predicate<CallerSession> stillCurrent =
                session -> sessions.peek(session.sessionId()).filter(current -> current == session).isPresent();
        LegacyHandshake handshake = new LegacyHandshake(stillCurrent);
        registry.bind("prepareInitialize", (Processor) handshake::prepareInitialize);
        registry.bind("acceptInitializeResult", (Processor) handshake::acceptInitializeResult);
        registry.bind("rememberUpstreamCall", (Processor) handshake::rememberCall);
        registry.bind("adoptNewUpstreamSession", (Processor) handshake::adoptNewSession);
        Function<String, String> environment = name -> {
            String value = properties.apply(name);
            return value != null ? value : System.getenv(name);
        };
        UpstreamWiring wiring = new UpstreamWiring(context, settings, metrics, deadlines,
                (sessionId, upstream, tool) -> toolLists.inputSchema(sessionId, upstream, tool).orElse(null),
                maxResponseKb -> new ReadUpstreamReply(new JsonRpcReplyReader(new JsonRpcReplyReader.Limits(
                        maxResponseKb * 1024L, 1024 * 1024, maxResponseKb * 1024, MAX_NOTIFICATIONS_KEPT,
                        MAX_SERVER_REQUESTS)), deadlines, routes::refuseServerRequest,
                        streaming -> routes.send("direct:resume-upstream-stream", streaming.copy())),
                environment);
        UpstreamRegistry upstreams = wiring.configure(settings);
        // the upstreams other than the first of a fan-out (a merged list, an /init), each on threads of its own
        // upstream: as many as it takes calls (made when needed, gone when idle), then a queue as long; past that the
        // upstream is left out of the answer as unavailable, never waited for
        UpstreamFanOut fanOut = new UpstreamFanOut(upstream -> {
            int threads = upstream.definition().maxConcurrentCalls();
            return context.getExecutorServiceManager().newThreadPool(this, "UpstreamFanOut-" + upstream.name(),
                    new ThreadPoolProfileBuilder("upstream-fan-out-" + upstream.name()).poolSize(threads)
                            .maxPoolSize(threads).allowCoreThreadTimeOut(true).keepAliveTime(60L)
                            .maxQueueSize(threads).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        });
        UpstreamSessions upstreamSessions = new UpstreamSessions(upstreams, fanOut,
                opening -> routes.send("direct:open-upstream-session", opening), stillCurrent,
                (upstream, late) -> routes.endUpstreamSession(upstream.name(), late));
        registry.bind("openUpstreamSessions", (Processor) upstreamSessions::openAll);
        registry.bind("openUpstreamSessionOnFirstUse", (Processor) upstreamSessions::openOnFirstUse);
        if (settings.mcpUpstreamsFile() != null) {
            // its own thread: reading the file and TLS material, and ending sessions, never delay a request deadline
            ScheduledExecutorService reloads = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(
                    this, "UpstreamsReload");
            UpstreamsReload reload = new UpstreamsReload(settings.mcpUpstreamsFile(),
                    bytes -> UpstreamsFile.parse(bytes, settings, environment), wiring, upstreams, gone -> {
                        fanOut.retire(gone);
                        endSessionsWith(sessions, gone, routes);
                    }, metrics);
            long every = FixedLimit.UPSTREAMS_FILE_CHECK_SECONDS.value;
            reloads.scheduleWithFixedDelay(reload, every, every, TimeUnit.SECONDS);
        }

        // list-tools, call-tool
        FetchToolList fetchToolList = new FetchToolList(toolLists,
                exchange -> upstreams.of(exchange).definition().requestTimeout(),
                listing -> routes.send("direct:call-upstream-in-session", listing));
        ExposedTools exposedTools = new ExposedTools(upstreams, toolLists, fetchToolList, metrics::toolNameCollision);
        ToolReplies toolReplies = new ToolReplies(toolLists, upstreams, exposedTools);
        // every tool request body; with an upstreams file a call is then held to its own upstream's (resolve-tool)
        registry.bind("limitToolBodySize", new LimitBodySize(settings.mcpMaxRequestSizeKb() * 1024));
        registry.bind("limitSessionRate", new LimitSessionRate(state.toolRequests()));
        // the total stays in this JVM: it protects this gateway's own workers
        registry.bind("limitConcurrentCalls", new ConcurrencyLimits(settings.mcpMaxConcurrentCalls(),
                state.sessionCalls(), state.principalCalls(), settings.longestRequestHold()));
        ParseToolRequest toolRequests = new ParseToolRequest();
        registry.bind("parseToolRequest", toolRequests);
        registry.bind("checkToolRequest", (Processor) toolRequests::checkRequest);
        registry.bind("resolveTool", (Processor) exposedTools::resolve);
        registry.bind("checkToolArguments", new CheckToolArguments(toolLists, new ToolSchemaValidator(1_000),
                fetchToolList));
        ListEveryUpstream listEveryUpstream = new ListEveryUpstream(upstreams, fanOut, fetchToolList);
        registry.bind("countUpstreams", (Processor) listEveryUpstream::countUpstreams);
        registry.bind("listEveryUpstream", listEveryUpstream);
        registry.bind("replyWithToolList", (Processor) toolReplies::toolList);
        registry.bind("replyWithMergedToolList", (Processor) toolReplies::mergedToolList);
        registry.bind("replyWithToolResult", (Processor) toolReplies::toolResult);
        registry.bind("prepareSessionProbe", new PrepareSessionProbe());
        registry.bind("replySettingsValid", (Processor) toolReplies::settingsValid);
        registry.bind("replySettingsInvalid", (Processor) toolReplies::settingsInvalid);

        // close-session
        registry.bind("closeSession", new CloseSession(sessions, session -> {
            toolLists.forget(session.sessionId(), names(upstreams, session));
            routes.endUpstreamSessions(session);
        }));

        bindMcpEndpoint(context, registry, settings, sessions);

        sessions.onEnded((session, ending) -> {
            toolLists.forget(session.sessionId(), names(upstreams, session));
            // calls still running on it (a refresh while a slow call runs) keep their upstream session until they end
            session.afterCallsInFlight(() -> routes.endUpstreamSessions(session));
            endings.ended(session, ending);
        });
        return new Blocks(settings, metrics, audit, upstreams);
    }

    /**
     * The registry the management port serves: Camel's own (camel.metrics.*) when it made one already, else a new one
     * that Camel then adopts, so the gateway's metrics and Camel's are scraped together.
     */
    private static PrometheusMeterRegistry meterRegistry(Registry registry) {
        PrometheusMeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }




    /** The upstreams a session may have tool lists of: those configured, and those it has sessions with. */
    private static Set<String> names(UpstreamRegistry upstreams, GatewaySession session) {
        Set<String> names = new HashSet<>(session.upstreams().keySet());
        upstreams.all().forEach(upstream -> names.add(upstream.name()));
        return names;
    }

    /**
     * After a reload removed or changed an upstream: every session's MCP session with that entry is ended (in the
     * background; with a shared store each replica does so, and a second DELETE of a session is harmless). The
     * records keep the ended ids, which a later use meets as expired and replaces.
     */
    private static void endSessionsWith(SessionStore sessions, Upstream gone, RouteCalls routes) {
        try {
            for (String id : sessions.ids()) {
                sessions.peek(id).ifPresent(session -> routes.endUpstreamSession(gone, session.upstreams().get(gone.name())));
            }
        } catch (StateUnavailable e) {
            LOG.warn("[GATEWAY] The sessions with the upstream {} could not be listed; their upstream sessions are left"
                    + " to its own expiry", gone.name());
        }
    }

    private static void retryReleases(StateWiring.State state) {
        try {
            state.sessionCalls().retryReleases();
            state.principalCalls().retryReleases();
        } catch (RuntimeException e) {
            // a failure must not cancel the schedule: the next second tries again
            LOG.error("[GATEWAY] Could not release leases again", e);
        }
    }

    private static void endDueSessions(SessionStore sessions) {
        try {
            sessions.cleanUp();
        } catch (StateUnavailable e) {
            // the shared store is down: its client logs that once; the sweep resumes when it is back
        } catch (RuntimeException e) {
            // a failure must not cancel the schedule: the next second tries again
            LOG.error("[GATEWAY] Could not end due sessions", e);
        }
    }





    /**
     * The probe's HTTP client: per-phase timeouts under the probe's deadline, TLS verified with the JVM's trust store,
     * the origin list checked before anything else, and the SSRF guard applied to every address it connects to.
     */
    private static HttpComponent credentialApiClient(GatewaySettings settings, ApiUrlGuard guard, RequestDeadline deadline) {
        Timeout timeout = Timeout.of(settings.validationTimeout());
        return OutboundClients.hardened(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .setMaxConnTotal((int) FixedLimit.CREDENTIAL_API_POOL.value)
                .setMaxConnPerRoute((int) FixedLimit.CREDENTIAL_API_POOL_PER_ROUTE.value)
                .build(), settings.validationTimeout(), settings.validationTimeout(), builder -> {
                    deadline.configureHttpClient(builder);
                    builder.addExecInterceptorFirst("allowed-origin", new RequireAllowedOrigin(guard)); // runs first
                });
    }
}
