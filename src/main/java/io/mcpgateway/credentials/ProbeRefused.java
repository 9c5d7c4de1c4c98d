package io.mcpgateway.credentials;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * The credential API answered the probe with a status other than 2xx: 3xx and 4xx refuse the credentials (401
 * {@code API_ERROR}), 5xx is a failing API (500 {@code SERVER_ERROR}). The status is kept for re-validation, where only
 * a 401 or 403 means the token was revoked.
 */
public final class ProbeRefused extends GatewayException {

    private final int status;

    ProbeRefused(int status) {
        super(status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.API_ERROR,
                "Connection test failed: " + ErrorCatalog.statusLine(status));
        this.status = status;
    }

    /** The API says this token is no longer good: it is unauthenticated or forbidden. */
    public boolean revokesToken() {
        return status == 401 || status == 403;
    }
}
