package io.mcpgateway.observe;

import java.util.Locale;

import io.mcpgateway.security.ApiOrigins;
import io.mcpgateway.session.GatewaySession;
import io.mcpgateway.session.SessionStore;

/**
 * A session that ended by itself, counted and audited: expired (idle, lifetime, token), evicted or revoked. A refresh
 * (REPLACED) is audited by the /init that made it, a close by the close.
 */
public final class RecordSessionEndings {

    private final GatewayMetrics metrics;
    private final AuditLog audit;

    public RecordSessionEndings(GatewayMetrics metrics, AuditLog audit) {
        this.metrics = metrics;
        this.audit = audit;
    }

    public void ended(GatewaySession session, SessionStore.Ending ending) {
        if (ending == SessionStore.Ending.EVICTED) {
            metrics.sessionEvicted();
        }
        AuditLog.Event event = switch (ending) {
            case IDLE, LIFETIME, TOKEN_EXPIRED -> AuditLog.Event.SESSION_EXPIRED;
            case EVICTED -> AuditLog.Event.SESSION_EVICTED;
            case REVOKED -> AuditLog.Event.SESSION_REVOKED;
            case REPLACED -> null;
        };
        if (event != null) {
            audit.event(event).with("session_id", session.sessionId()).with("principal", session.principal())
                    .with("api_origin", ApiOrigins.originOf(session.apiUrl()).orElse(null))
                    .with("reason", event == AuditLog.Event.SESSION_EXPIRED ? ending.name().toLowerCase(Locale.ROOT) : null)
                    .write();
        }
    }
}
