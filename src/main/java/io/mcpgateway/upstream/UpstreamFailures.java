package io.mcpgateway.upstream;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/** Upstream outcomes that are failures of the call, each with its catalog answer. */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** An HTTP status the request failed with (kept for the retry and era rules, never shown but as its line). */
    public abstract static class BadStatus extends GatewayException {
        private final int status;

        BadStatus(int status, String what) {
            super(ErrorType.UPSTREAM_ERROR, what + ErrorCatalog.statusLine(status));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A 5xx: counted by the circuit breaker. */
    public static final class ServerError extends BadStatus {
        public ServerError(int status) {
            super(status, "MCP server error: ");
        }
    }

    /** An answer other than 200/202 below 500: the server refused the request. */
    public static final class Refused extends BadStatus {
        public Refused(int status) {
            super(status, "The MCP server refused the request: ");
        }
    }

    /** A 404 for a request that named an upstream session: the server forgot it; the gateway opens a new one. */
    public static final class SessionExpired extends GatewayException {
        public SessionExpired() {
            super(ErrorType.UPSTREAM_ERROR, "The MCP server ended the session");
        }
    }
}
