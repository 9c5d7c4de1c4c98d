package io.mcpgateway.error;

/**
 * The catalog of every error a caller can see: HTTP status and the {@code error_type} label.
 * Messages are fixed text chosen by the code that raises the error, never copied from an exception.
 */
public enum ErrorType {
    VALIDATION_ERROR(400),
    TOOL_ERROR(400),
    AUTH_ERROR(401),
    API_ERROR(401),
    NOT_FOUND(404),
    SESSION_NOT_FOUND(404),
    /** The session was pushed out of a full store (SESSION_MAX): distinct from not-found so the caller knows to /init again. */
    SESSION_EVICTED(404),
    METHOD_NOT_ALLOWED(405),
    SESSION_CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    NETWORK_ERROR(500),
    SERVER_ERROR(500),
    UPSTREAM_ERROR(502),
    UPSTREAM_UNAVAILABLE(503),
    /** The credential API cannot be asked now (too many checks in progress, or unreachable past the re-validation grace). */
    API_UNAVAILABLE(503);

    private final int status;

    ErrorType(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
