package io.mcpgateway.error;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.http.JsonReply;
import io.mcpgateway.http.RequireMethod;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure becomes an answer: catalog status, {@code error_type}, safe message and request id. Logs one
 * operator line per failure naming the exception class only; its message may carry URLs or tokens.
 */
public class WriteErrorResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.requests");
    /** Exchange property: the Retry-After of a 429 from the limits that follow where it is set. */
    public static final String RETRY_AFTER_SECONDS = "gatewayRetryAfterSeconds";

    private final long upstreamRetryAfterSeconds;

    /** @param upstreamRetryAfterSeconds how long the upstream circuit stays open once it opened */
    public WriteErrorResponse(long upstreamRetryAfterSeconds) {
        this.upstreamRetryAfterSeconds = upstreamRetryAfterSeconds;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ErrorCatalog.Answer answer = ErrorCatalog.classify(failure);
        exchange.setProperty(GatewayExchange.ANSWERED_FAILURE, failure);
        String requestId = exchange.getProperty(GatewayExchange.REQUEST_ID, String.class);

        LOG.warn("[GATEWAY] {} rejected for session_id: {}: {} {} \"{}\" (cause: {}, request_id={}, {} ms)",
                exchange.getFromRouteId(), exchange.getProperty(GatewayExchange.SESSION_ID, "-", String.class),
                answer.status(), answer.type(), answer.message(),
                failure == null ? "none" : rootCause(failure).getClass().getSimpleName(),
                requestId, GatewayExchange.elapsedMillis(exchange));

        if (answer.type() == ErrorType.SERVER_ERROR && !(failure instanceof GatewayException)) {
            // a bug, not an expected outcome: the operator needs the trace (sanitized like every log line)
            LOG.error("[GATEWAY] Unexpected failure (request_id={})", requestId, failure);
        }
        JsonReply.write(exchange, answer.status(), answer.toJson(requestId));
        if (answer.type() == ErrorType.RATE_LIMITED || answer.type() == ErrorType.API_UNAVAILABLE) {
            // a step may name a shorter wait for its own limit (concurrency frees up in a moment, a rate in a minute)
            exchange.getMessage().setHeader("Retry-After", exchange.getProperty(RETRY_AFTER_SECONDS,
                    ErrorCatalog.RATE_LIMIT_RETRY_AFTER_SECONDS, Integer.class));
        }
        if (answer.type() == ErrorType.UPSTREAM_UNAVAILABLE) {
            exchange.getMessage().setHeader("Retry-After", upstreamRetryAfterSeconds);
        }
        if (answer.type() == ErrorType.METHOD_NOT_ALLOWED) {
            exchange.getMessage().setHeader("Allow", exchange.getProperty(RequireMethod.ALLOW, String.class));
        }
        if (answer.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
