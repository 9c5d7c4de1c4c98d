package io.mcpgateway.http;

import io.mcpgateway.error.CatalogFailure;
import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure becomes a REST answer: the catalog entry's status, body and headers. Logs one
 * operator line per failure naming the exception class only; its message may carry URLs or tokens.
 */
public class WriteErrorResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.requests");

    @Override
    public void process(Exchange exchange) {
        ErrorCatalog.Answer answer = logged(exchange);
        JsonReply.write(exchange, answer.status(), answer.toJson(exchange.getProperty(GatewayExchange.REQUEST_ID, String.class)));
        answer.headers().forEach(exchange.getMessage()::setHeader);
    }

    /** The catalog answer for the exchange's failure, logged once for the operator: for either front door's rendering. */
    public static ErrorCatalog.Answer logged(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ErrorCatalog.Answer answer = ErrorCatalog.classify(failure);
        exchange.setProperty(GatewayExchange.ANSWERED_FAILURE, failure);
        String requestId = exchange.getProperty(GatewayExchange.REQUEST_ID, String.class);

        LOG.warn("[GATEWAY] {} rejected for session_id: {}: {} {} \"{}\" (cause: {}, request_id={}, {} ms)",
                exchange.getFromRouteId(), exchange.getProperty(GatewayExchange.SESSION_ID, "-", String.class),
                answer.status(), answer.type(), answer.message(),
                failure == null ? "none" : rootCause(failure).getClass().getSimpleName(),
                requestId, GatewayExchange.elapsedMillis(exchange));

        if (answer.type() == ErrorType.SERVER_ERROR && !(failure instanceof CatalogFailure)) {
            // a bug, not an expected outcome: the operator needs the trace (sanitized like every log line)
            LOG.error("[GATEWAY] Unexpected failure (request_id={})", requestId, failure);
        }
        return answer;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
