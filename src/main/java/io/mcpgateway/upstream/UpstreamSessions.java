package io.mcpgateway.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a gateway session's MCP sessions with its upstreams ({@code open-upstream-session} for each). At
 * {@code /init}, after the credentials were proven: with one upstream, its session, and a failure fails the init as
 * it always did; with several, all at once, and the init needs one of them: an upstream that could not be opened is
 * logged and opened at its first use instead ({@link #openOnFirstUse}), as is one a reload added.
 */
public final class UpstreamSessions {

    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgateway.upstream");

    private final UpstreamRegistry upstreams;
    private final UpstreamFanOut fanOut;
    private final UnaryOperator<Exchange> openUpstreamSession;
    private final Predicate<CallerSession> stillCurrent;
    private final BiConsumer<Upstream, UpstreamSession> lateOpened;

    /**
     * @param openUpstreamSession runs {@code open-upstream-session} on the exchange given
     * @param stillCurrent        whether a session is still the stored one (not closed, expired or replaced)
     * @param lateOpened          ends an upstream session an /init opened after it stopped waiting for it
     */
    public UpstreamSessions(UpstreamRegistry upstreams, UpstreamFanOut fanOut, UnaryOperator<Exchange> openUpstreamSession,
                            Predicate<CallerSession> stillCurrent, BiConsumer<Upstream, UpstreamSession> lateOpened) {
        this.upstreams = upstreams;
        this.fanOut = fanOut;
        this.openUpstreamSession = openUpstreamSession;
        this.stillCurrent = stillCurrent;
        this.lateOpened = lateOpened;
    }

    /** {@code /init}: leaves the sessions opened, by upstream, in {@link GatewayExchange#UPSTREAM_SESSIONS}. */
    public void openAll(Exchange exchange) throws Exception {
        UpstreamRegistry.Federation federation = upstreams.federation();
        Map<String, UpstreamSession> opened = new LinkedHashMap<>();
        Exception first = null;
        var outcomes = fanOut.each(exchange, federation.upstreams(), (upstream, opening) -> open(opening),
                lateOpened);
        for (var outcome : outcomes.entrySet()) {
            if (!outcome.getValue().failed()) {
                opened.put(outcome.getKey(), outcome.getValue().value());
                continue;
            }
            first = first == null ? outcome.getValue().failure() : first;
            if (federation.several()) {
                LOG.warn("[MCP CLIENT] Could not open the session with upstream {} for session_id: {} ({}); it is opened"
                                + " at its first use (request_id={})", outcome.getKey(),
                        exchange.getProperty(GatewayExchange.SESSION_ID),
                        ErrorCatalog.classify(outcome.getValue().failure()).type(),
                        exchange.getProperty(GatewayExchange.REQUEST_ID));
            }
        }
        if (opened.isEmpty()) {
            throw first;
        }
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSIONS, opened);
    }

    /**
     * {@code call-upstream-in-session}, first step: a session with no MCP session with the exchange's upstream gets
     * one now (within the request's deadline), for every replica. A session closed or replaced meanwhile gets none
     * (nothing would ever end it): 404, init again.
     */
    public void openOnFirstUse(Exchange exchange) throws Exception {
        CallerSession session = exchange.getProperty(GatewayExchange.SESSION, CallerSession.class);
        String name = upstreams.nameOf(exchange);
        exchange.setProperty(GatewayExchange.UPSTREAM_NAME, name);
        if (session == null || session.upstream(name) != null) {
            return;
        }
        if (!stillCurrent.test(session)) {
            throw new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired");
        }
        if (!exchange.getProperties().containsKey(GatewayExchange.UPSTREAM_DEADLINE_NANOS)) {
            // the opening and the request itself share the request's one deadline
            exchange.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS,
                    System.nanoTime() + upstreams.get(name).definition().requestTimeout().toNanos());
        }
        Exchange opening = exchange.copy();
        opening.removeProperty(GatewayExchange.UPSTREAM_SESSION);
        UpstreamFanOut.Outcome<UpstreamSession> opened = open(opening);
        if (opened.failed()) {
            throw opened.failure();
        }
        session.replaceUpstream(name, opened.value());
    }

    /** Runs {@code open-upstream-session} on a copy naming its upstream. */
    private UpstreamFanOut.Outcome<UpstreamSession> open(Exchange opening) {
        openUpstreamSession.apply(opening);
        if (opening.getException() != null) {
            return new UpstreamFanOut.Outcome<>(null, opening.getException());
        }
        return new UpstreamFanOut.Outcome<>(opening.getProperty(GatewayExchange.UPSTREAM_SESSION, UpstreamSession.class),
                null);
    }
}
