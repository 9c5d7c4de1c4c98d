package io.mcpgateway.session;

import java.time.Clock;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.TokenDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Authenticates a request that names a session: the session must exist (404, or 404 {@code SESSION_EVICTED} when a
 * full store pushed it out), the caller must present that session's token as {@code Authorization: Bearer} (401), and
 * that token must still be within its {@code nbf}/{@code exp} (401; an expired token ends the session). Sessions never
 * authenticate on their id alone.
 */
public class AuthenticateSessionOwner implements Processor {

    private final SessionStore store;
    private final boolean requireBearer;
    private final Clock clock;
    private final boolean foreignTokenLooksUnknown;

    /**
     * @param requireBearer false lets a trusted caller omit the token ({@code SESSION_REQUIRE_BEARER=false}, which
     *                      warns); a token that is presented is always checked
     */
    public AuthenticateSessionOwner(SessionStore store, boolean requireBearer, Clock clock) {
        this(store, requireBearer, clock, false);
    }

    /**
     * @param foreignTokenLooksUnknown the MCP endpoint's rule: a session id presented with another token is answered
     *                                 exactly as an unknown id (404), so it tells another principal nothing
     */
    public AuthenticateSessionOwner(SessionStore store, boolean requireBearer, Clock clock,
                                    boolean foreignTokenLooksUnknown) {
        this.store = store;
        this.requireBearer = requireBearer;
        this.clock = clock;
        this.foreignTokenLooksUnknown = foreignTokenLooksUnknown;
    }

    @Override
    public void process(Exchange exchange) {
        // tool requests name the session in their body (parsed before this step), DELETE in its path
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        if (sessionId == null) {
            sessionId = SessionIds.requireValid(exchange.getMessage().getHeader("session_id", String.class));
            exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        }
        GatewaySession session = store.peek(sessionId).orElseThrow(() -> notFound(store, exchange));
        String token = TokenDigest.bearerToken(exchange.getMessage().getHeader("Authorization", String.class));
        if ((requireBearer || token != null) && !TokenDigest.matches(session.tokenDigest(), token)) {
            if (foreignTokenLooksUnknown) {
                throw new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired");
            }
            throw new GatewayException(ErrorType.AUTH_ERROR, "Missing or invalid bearer token for this session");
        }
        long now = clock.instant().getEpochSecond();
        if (session.tokenTimes().expiredAt(now)) {
            store.end(session, SessionStore.Ending.TOKEN_EXPIRED);
            throw new GatewayException(ErrorType.AUTH_ERROR, "Token expired; run /init with a new token");
        }
        if (session.tokenTimes().notYetValidAt(now)) {
            throw new GatewayException(ErrorType.AUTH_ERROR, "Token not yet valid");
        }
        SessionUse.begin(exchange, store, session);
    }

    /** The answer for a session id the store does not hold: an evicted session says so, so the caller opens it again. */
    static GatewayException notFound(SessionStore store, Exchange exchange) {
        return store.wasEvicted(exchange.getProperty(GatewayExchange.SESSION_ID, String.class))
                ? new GatewayException(ErrorType.SESSION_EVICTED,
                        "Session was evicted to make room for others; run /init again")
                : new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired");
    }
}
