package io.mcpgateway.upstream;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/** Upstream outcomes that are failures of the call, each with its catalog answer. */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** A 5xx: counted by the circuit breaker. */
    public static final class ServerError extends GatewayException {
        private final int status;

        public ServerError(int status, String statusLine) {
            super(ErrorType.UPSTREAM_ERROR, "MCP server error: " + statusLine);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An answer other than 200/202 below 500: the server refused the request (its status is kept). */
    public static final class Refused extends GatewayException {
        private final int status;

        public Refused(int status, String statusLine) {
            super(ErrorType.UPSTREAM_ERROR, "The MCP server refused the request: " + statusLine);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A 404 for a request that named an upstream session: the server forgot it; the gateway opens a new one. */
    public static final class SessionExpired extends GatewayException {
        public SessionExpired() {
            super(ErrorType.UPSTREAM_ERROR, "The MCP server ended the session");
        }
    }
}
