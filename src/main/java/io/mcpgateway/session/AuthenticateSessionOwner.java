package io.mcpgateway.session;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.TokenDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Authenticates a request that names a session: the session must exist (404) and the caller must present that
 * session's token as {@code Authorization: Bearer} (401). Sessions never authenticate on their id alone.
 */
public class AuthenticateSessionOwner implements Processor {

    private final SessionStore store;
    private final boolean requireBearer;

    /**
     * @param requireBearer false lets a trusted caller omit the token ({@code SESSION_REQUIRE_BEARER=false}, which
     *                      warns); a token that is presented is always checked
     */
    public AuthenticateSessionOwner(SessionStore store, boolean requireBearer) {
        this.store = store;
        this.requireBearer = requireBearer;
    }

    @Override
    public void process(Exchange exchange) {
        // tool requests name the session in their body (parsed before this step), DELETE in its path
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        if (sessionId == null) {
            sessionId = SessionIds.requireValid(exchange.getMessage().getHeader("session_id", String.class));
            exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        }
        GatewaySession session = store.peek(sessionId)
                .orElseThrow(() -> new GatewayException(ErrorType.SESSION_NOT_FOUND, "Session not found or expired"));
        String token = TokenDigest.bearerToken(exchange.getMessage().getHeader("Authorization", String.class));
        if ((requireBearer || token != null) && !TokenDigest.matches(session.tokenDigest(), token)) {
            throw new GatewayException(ErrorType.AUTH_ERROR, "Missing or invalid bearer token for this session");
        }
        store.markUsed(session);
        exchange.setProperty(GatewayExchange.SESSION, session);
    }
}
