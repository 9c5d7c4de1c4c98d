package io.mcpgateway.error;

import java.util.Set;

/**
 * The catalog of every error a caller can see. Each entry is one answer in both renderings: its HTTP status and
 * {@code error_type} label for the REST API, its JSON-RPC error code for the MCP endpoint, and the headers it
 * carries. Messages are fixed text chosen by the code that raises the error, never copied from an exception.
 *
 * <p>JSON-RPC codes: the standard ones where they fit (-32600 invalid request, -32601 no such method, -32602 invalid
 * params, -32603 internal error), -32001 for an unknown session as the MCP SDKs answer it, and the gateway's own in
 * -32030..-32039, clear of the codes the MCP specification reserves (-32000, -32002, -32020..-32022, -32042).
 */
public enum ErrorType {
    VALIDATION_ERROR(400, -32602),
    TOOL_ERROR(400, -32602),
    AUTH_ERROR(401, -32030, Header.WWW_AUTHENTICATE),
    API_ERROR(401, -32031, Header.WWW_AUTHENTICATE),
    NOT_FOUND(404, -32601),
    /** The MCP endpoint: a body that is not JSON. */
    PARSE_ERROR(400, -32700),
    /** The MCP endpoint: JSON that is not one JSON-RPC 2.0 message, or a request the protocol does not allow here. */
    INVALID_REQUEST(400, -32600),
    /** The MCP endpoint: a method it does not serve. */
    UNKNOWN_METHOD(400, -32601),
    /** The MCP endpoint: a browser origin it does not serve (DNS rebinding). */
    FORBIDDEN(403, -32039),
    SESSION_NOT_FOUND(404, -32001),
    /** The session was pushed out of a full store (SESSION_MAX): distinct from not-found so the caller knows to /init again. */
    SESSION_EVICTED(404, -32001),
    METHOD_NOT_ALLOWED(405, -32600, Header.ALLOW),
    SESSION_CONFLICT(409, -32032),
    PAYLOAD_TOO_LARGE(413, -32600),
    UNSUPPORTED_MEDIA_TYPE(415, -32600),
    RATE_LIMITED(429, -32033, Header.RETRY_AFTER),
    NETWORK_ERROR(500, -32037),
    SERVER_ERROR(500, -32603),
    UPSTREAM_ERROR(502, -32034),
    UPSTREAM_UNAVAILABLE(503, -32035, Header.RETRY_AFTER),
    /** The credential API cannot be asked now (too many checks in progress, or unreachable past the re-validation grace). */
    API_UNAVAILABLE(503, -32036, Header.RETRY_AFTER),
    /** The shared state (Redis) cannot be read or written now: refused rather than served on a guess (fail closed). */
    STATE_UNAVAILABLE(503, -32038, Header.RETRY_AFTER);

    /** The headers an entry may carry; their values come from the failure (see {@link GatewayException}). */
    public enum Header {
        /** Seconds: the failure's own wait, else {@link #DEFAULT_RETRY_AFTER_SECONDS}. */
        RETRY_AFTER("Retry-After"),
        /** The method the endpoint takes. */
        ALLOW("Allow"),
        /** {@code Bearer}: the REST API's challenge. */
        WWW_AUTHENTICATE("WWW-Authenticate");

        public final String httpName;

        Header(String httpName) {
            this.httpName = httpName;
        }
    }

    /** The window of every gateway rate limit: a refused caller may retry once it has passed. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 60;

    private final int status;
    private final int jsonRpcCode;
    private final Set<Header> headers;

    ErrorType(int status, int jsonRpcCode, Header... headers) {
        this.status = status;
        this.jsonRpcCode = jsonRpcCode;
        this.headers = Set.of(headers);
    }

    public int status() {
        return status;
    }

    public int jsonRpcCode() {
        return jsonRpcCode;
    }

    public Set<Header> headers() {
        return headers;
    }
}
