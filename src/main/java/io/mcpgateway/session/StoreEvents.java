package io.mcpgateway.session;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every session store says alike: its log lines for endings and closes, and its refusals. */
final class StoreEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private StoreEvents() {
    }

    static void logClosed(GatewaySession session) {
        LOG.info("[GATEWAY] Session closed for session_id: {}", session.sessionId());
    }

    static void logEnded(GatewaySession session, SessionStore.Ending ending) {
        switch (ending) {
            case IDLE -> LOG.info("[GATEWAY] Session expired (idle) for session_id: {}", session.sessionId());
            case LIFETIME -> LOG.info("[GATEWAY] Session expired (lifetime) for session_id: {}", session.sessionId());
            case TOKEN_EXPIRED -> LOG.info("[GATEWAY] Session expired (token) for session_id: {}", session.sessionId());
            case REVOKED -> LOG.warn("[GATEWAY] Session revoked (the credential API refused its token) for session_id: {}",
                    session.sessionId());
            case EVICTED -> LOG.warn("[GATEWAY] Session evicted (SESSION_MAX reached) for session_id: {}", session.sessionId());
            case REPLACED -> { } // a refresh, logged where it happens
        }
    }

    static GatewayException conflict() {
        return new GatewayException(ErrorType.SESSION_CONFLICT, "Session already exists for another principal");
    }

    static SessionStore.SessionLimitReached tooManyForPrincipal() {
        return new SessionStore.SessionLimitReached("Too many sessions for this principal; close one or let one expire");
    }

    static SessionStore.SessionLimitReached tooManyFromClient() {
        return new SessionStore.SessionLimitReached(
                "Too many sessions from this client address; close one or let one expire");
    }
}
