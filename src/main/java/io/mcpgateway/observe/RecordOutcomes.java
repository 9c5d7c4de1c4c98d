package io.mcpgateway.observe;

import java.util.Locale;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.ApiOrigins;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.state.RateLimitExceeded;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Watches every request from outside the chain, so that no route has to remember to: when an inbound request is
 * answered it records the request metrics and, for sessions and tool calls, an audit line; when the credential probe
 * returns it records the probe's latency. Platform-http completes an exchange on the Vert.x event loop once the answer
 * is written, so this does only in-memory work there: meter updates, and an audit line handed to an asynchronous
 * appender (logback.xml).
 */
public final class RecordOutcomes extends EventNotifierSupport {

    static final String CREDENTIAL_API_SCHEME = "credential-api:";

    private final GatewayMetrics metrics;
    private final AuditLog audit;

    public RecordOutcomes(GatewayMetrics metrics, AuditLog audit) {
        this.metrics = metrics;
        this.audit = audit;
        metrics.gatewayRoutes();
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        // Camel times a send (and reports it "sent") only when some notifier takes its "sending" event: this one
        // must, or the probe latency would depend on another notifier being configured
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        // ExchangeSendingEvent: taken only so that the matching ExchangeSentEvent is timed (see the constructor)
        if (event instanceof ExchangeSentEvent sent) {
            if (sent.getEndpoint().getEndpointUri().startsWith(CREDENTIAL_API_SCHEME)) {
                metrics.credentialProbe(probeOutcome(sent.getExchange()), sent.getTimeTaken() * 1_000_000);
            }
        } else if ((event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent)
                && isInbound(((ExchangeEvent) event).getExchange())) {
            answered(((ExchangeEvent) event).getExchange());
        }
    }

    private void answered(Exchange exchange) {
        String route = exchange.getFromRouteId();
        Throwable failure = exchange.getProperty(GatewayExchange.ANSWERED_FAILURE, Throwable.class);
        ErrorType errorType = failure != null ? ErrorCatalog.classify(failure).type()
                : exchange.getException() != null ? ErrorType.SERVER_ERROR : null;
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        long nanos = System.nanoTime() - exchange.getProperty(GatewayExchange.STARTED_NANOS, System.nanoTime(), Long.class);
        metrics.request(route, GatewayMetrics.outcome(errorType), status, nanos);
        if (errorType == ErrorType.RATE_LIMITED) {
            metrics.throttled(route, limitOf(failure));
        }
        AuditLog.Event event = auditEvent(exchange, errorType);
        if (event != null) {
            GatewaySession session = exchange.getProperty(GatewayExchange.SESSION, GatewaySession.class);
            audit.event(event)
                    .with("request_id", exchange.getProperty(GatewayExchange.REQUEST_ID, String.class))
                    .with("session_id", exchange.getProperty(GatewayExchange.SESSION_ID, String.class))
                    .with("principal", session != null ? session.principal() : null)
                    // the sub of a token that was not (or not yet) accepted: what the caller claimed, not who it is
                    .with("claimed_principal", session == null
                            ? exchange.getProperty(GatewayExchange.PRINCIPAL, String.class) : null)
                    .with("client", exchange.getProperty(GatewayExchange.CLIENT_ADDRESS, String.class))
                    .with("api_origin", event == AuditLog.Event.TOOL_CALLED ? null : apiOrigin(exchange, session))
                    .with("tool", event == AuditLog.Event.TOOL_CALLED
                            ? exchange.getProperty(GatewayExchange.TOOL_NAME, String.class) : null)
                    .with("upstream", event == AuditLog.Event.TOOL_CALLED
                            ? exchange.getProperty(GatewayExchange.UPSTREAM_NAME, String.class) : null)
                    .with("upstream_era", event == AuditLog.Event.TOOL_CALLED
                            ? exchange.getProperty(GatewayExchange.UPSTREAM_ERA, String.class) : null)
                    .with("status", status)
                    .with("error_type", errorType == null ? null : errorType.name())
                    .with("latency_ms", nanos / 1_000_000)
                    .write();
        }
    }

    /**
     * What an answered request means for the audit stream, from what its front door and its steps put on the exchange
     * (see {@link GatewayExchange#AUDIT_EVENT}), or null when it is not audited.
     */
    private static AuditLog.Event auditEvent(Exchange exchange, ErrorType errorType) {
        String event = exchange.getProperty(errorType != null ? GatewayExchange.AUDIT_ON_FAILURE : GatewayExchange.AUDIT_EVENT,
                String.class);
        if (event == null) {
            return null;
        }
        if (errorType == null && exchange.getProperty(GatewayExchange.SESSION_REUSED, false, Boolean.class)) {
            return AuditLog.Event.SESSION_REUSED;
        }
        if (errorType == null && exchange.getProperty(GatewayExchange.SESSION_STORED) == SessionStore.Stored.REFRESHED) {
            return AuditLog.Event.SESSION_REFRESHED;
        }
        return AuditLog.Event.valueOf(event.toUpperCase(Locale.ROOT));
    }

    /** The origin of the session's credential API, or of the one an {@code /init} named; never its path or query. */
    private static String apiOrigin(Exchange exchange, GatewaySession session) {
        InitRequest request = exchange.getProperty(GatewayExchange.INIT_REQUEST, InitRequest.class);
        String apiUrl = session != null ? session.apiUrl() : request != null ? request.apiUrl() : null;
        return ApiOrigins.originOf(apiUrl).orElse(null);
    }

    /** Which limit refused a request answered 429. */
    private static GatewayMetrics.Limit limitOf(Throwable failure) {
        if (failure instanceof RateLimitExceeded) {
            return GatewayMetrics.Limit.RATE;
        }
        return failure instanceof SessionStore.SessionLimitReached
                ? GatewayMetrics.Limit.SESSIONS : GatewayMetrics.Limit.CONCURRENCY;
    }

    private static GatewayMetrics.ProbeOutcome probeOutcome(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (exchange.getException() != null || status == null || status >= 500) {
            return GatewayMetrics.ProbeOutcome.FAILED;
        }
        return status < 300 ? GatewayMetrics.ProbeOutcome.VALID : GatewayMetrics.ProbeOutcome.REJECTED;
    }

    /** The caller's own request: not a copy made for a sub-call (tool list fetch, stream resumption). */
    private static boolean isInbound(Exchange exchange) {
        return exchange.getExchangeId().equals(exchange.getProperty(GatewayExchange.INBOUND_EXCHANGE_ID));
    }
}
