package io.mcpgateway.config;

import java.time.Clock;

import io.mcpgateway.credentials.InterpretProbeResponse;
import io.mcpgateway.credentials.PrepareCredentialProbe;
import io.mcpgateway.credentials.ProbeDeadline;
import io.mcpgateway.error.WriteErrorResponse;
import io.mcpgateway.http.AssignRequestId;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.http.LimitBodySize;
import io.mcpgateway.http.RequireJsonContentType;
import io.mcpgateway.http.RequireMethod;
import io.mcpgateway.http.RouterErrorAnswers;
import io.mcpgateway.logging.LogSanitizer;
import io.mcpgateway.security.ApiUrlGuard;
import io.mcpgateway.security.CheckApiUrl;
import io.mcpgateway.security.GuardedDnsResolver;
import io.mcpgateway.security.InspectJwt;
import io.mcpgateway.session.AuthenticateSessionOwner;
import io.mcpgateway.session.CheckSessionReuse;
import io.mcpgateway.session.CloseSession;
import io.mcpgateway.session.InitCoalescer;
import io.mcpgateway.session.ParseInitRequest;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.session.StoreSession;
import io.mcpgateway.upstream.UpstreamTls;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;
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

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** {@code /init} bodies are three short strings; anything larger is not a real request. */
    public static final int INIT_MAX_BODY_BYTES = 16 * 1024;

    @Override
    public void configure(CamelContext context) throws Exception {
        GatewaySettings settings = GatewaySettings.load(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        settings.secrets().forEach(LogSanitizer::registerSecret);
        settings.warnings().forEach(w -> LOG.warn("[GATEWAY] INSECURE SETTING: {}", w));

        SessionStore sessions = new SessionStore(settings.sessionIdleTtl(), settings.sessionMax());
        ApiUrlGuard apiUrlGuard = new ApiUrlGuard(settings.apiAllowedHosts());
        // a follower must outwait its leader's whole probe, which ProbeDeadline bounds
        InitCoalescer coalescer = new InitCoalescer(settings.validationTimeout().plusSeconds(2));

        Registry registry = context.getRegistry();
        registry.bind("gatewaySettings", settings);
        // built now so that an unusable CA bundle or client key stops start-up, not the first tool call
        registry.bind("upstreamTls", UpstreamTls.strategy(settings));
        registry.bind("sessionStore", sessions);

        // steps shared by every inbound route
        registry.bind("assignRequestId", new AssignRequestId());
        registry.bind("requirePost", new RequireMethod("POST"));
        registry.bind("requireDelete", new RequireMethod("DELETE"));
        registry.bind("requireJsonContentType", new RequireJsonContentType());
        registry.bind("writeErrorResponse", new WriteErrorResponse());
        registry.bind("replyOk", (Processor) JsonReply::ok);
        registry.bind("replyNoContent", (Processor) JsonReply::noContent);
        registry.bind("authenticateSessionOwner", new AuthenticateSessionOwner(sessions));

        // init-session
        registry.bind("limitInitBodySize", new LimitBodySize(INIT_MAX_BODY_BYTES));
        registry.bind("parseInitRequest", new ParseInitRequest());
        registry.bind("checkSessionReuse", new CheckSessionReuse(sessions, coalescer));
        registry.bind("checkApiUrl", new CheckApiUrl(apiUrlGuard));
        registry.bind("inspectJwt", new InspectJwt(Clock.systemUTC()));
        registry.bind("storeSession", new StoreSession(sessions));

        // validate-credentials
        registry.bind("prepareCredentialProbe", new PrepareCredentialProbe());
        registry.bind("interpretProbeResponse", new InterpretProbeResponse());
        ProbeDeadline deadline = new ProbeDeadline(settings.validationTimeout(),
                context.getExecutorServiceManager().newScheduledThreadPool(this, "CredentialProbeDeadline", 1));
        context.addComponent("credential-api", credentialApiClient(settings, apiUrlGuard, deadline));

        // close-session
        registry.bind("closeSession", new CloseSession(sessions));

        context.addStartupListener(new RouterErrorAnswers(settings.serverPort()));
    }

    /**
     * The probe's HTTP client: a total time limit over per-phase timeouts; no redirects, retries or cookie store (a
     * cookie from one user's probe must never vouch for another's); TLS verified with the JVM's trust store; and the
     * SSRF guard applied to every address it connects to.
     */
    private static HttpComponent credentialApiClient(GatewaySettings settings, ApiUrlGuard guard, ProbeDeadline deadline) {
        Timeout timeout = Timeout.of(settings.validationTimeout());
        HttpComponent client = new HttpComponent();
        client.setClientConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .build());
        client.setConnectionRequestTimeout(timeout.toMilliseconds());
        client.setResponseTimeout(timeout.toMilliseconds());
        // one probe per init, one user per request: no redirects, no retries, no shared cookies
        client.setFollowRedirects(false);
        client.setAutomaticRetriesDisabled(true);
        client.setCookieManagementDisabled(true);
        client.setContentCompressionDisabled(true);
        client.setHttpClientConfigurer(deadline);
        return client;
    }
}
