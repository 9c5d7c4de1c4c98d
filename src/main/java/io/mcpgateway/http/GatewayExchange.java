package io.mcpgateway.http;

/** Names of the exchange properties the gateway's steps hand to each other. */
public final class GatewayExchange {

    public static final String REQUEST_ID = "gatewayRequestId";
    public static final String STARTED_NANOS = "gatewayStartedNanos";
    /** The id of the exchange the caller's request arrived in: copies made for sub-calls carry it but have their own. */
    public static final String INBOUND_EXCHANGE_ID = "gatewayInboundExchangeId";
    public static final String CLIENT_ADDRESS = "gatewayClientAddress";
    public static final String INIT_REQUEST = "gatewayInitRequest";
    /**
     * What an answered request is audited as (an {@code io.mcpgateway.audit} event name), set by its front door;
     * absent: not audited. A reused or refreshed session refines it ({@link #SESSION_REUSED}, {@link #SESSION_STORED}).
     */
    public static final String AUDIT_EVENT = "gatewayAuditEvent";
    /** What a failed request is audited as; absent: a failure is not audited. */
    public static final String AUDIT_ON_FAILURE = "gatewayAuditOnFailure";
    public static final String SESSION_REUSED = "gatewaySessionReused";
    /** How {@code /init} stored its session: created or refreshed (SessionStore.Stored). */
    public static final String SESSION_STORED = "gatewaySessionStored";
    public static final String PRINCIPAL = "gatewayPrincipal";
    /** The time claims of the presented token (security.TokenTimes), kept with the session it opens. */
    public static final String TOKEN_TIMES = "gatewayTokenTimes";
    public static final String SESSION_ID = "gatewaySessionId";
    /** The session whose owner the request authenticated as. */
    public static final String SESSION = "gatewaySession";
    /** The failure the caller was answered with (set by WriteErrorResponse); absent when the answer was a success. */
    public static final String ANSWERED_FAILURE = "gatewayAnsweredFailure";
    public static final String TOOL_NAME = "gatewayToolName";
    public static final String TOOL_ARGUMENTS = "gatewayToolArguments";
    /** The random progress token a tool call asked the server to report under. */
    public static final String PROGRESS_TOKEN = "gatewayProgressToken";

    // the MCP endpoint (serve-mcp)
    /** The JSON-RPC message a request to /mcp carried (endpoint.McpMessage). */
    public static final String MCP_MESSAGE = "gatewayMcpMessage";
    /** Its method, for the route's choice; "notification" for any notification. */
    public static final String MCP_METHOD = "gatewayMcpMethod";

    // one upstream JSON-RPC exchange (call-upstream)
    /** Which upstream the request goes to, by its registry name; absent: the default one. */
    public static final String UPSTREAM_NAME = "gatewayUpstreamName";
    /** The Camel endpoint of the upstream's HTTP client, for the {@code toD} that sends a prepared request. */
    public static final String UPSTREAM_ENDPOINT = "gatewayUpstreamEndpoint";
    /** The era the request's last upstream call went in ("modern", "legacy"), or "local" when the gateway answered. */
    public static final String UPSTREAM_ERA = "gatewayUpstreamEra";
    public static final String UPSTREAM_METHOD = "gatewayUpstreamMethod";
    public static final String UPSTREAM_PARAMS = "gatewayUpstreamParams";
    /** The upstream session the request belongs to (absent before initialize). */
    public static final String UPSTREAM_SESSION = "gatewayUpstreamSession";
    /** An /init's upstream sessions, by upstream name: those that could be opened (open-upstream-sessions). */
    public static final String UPSTREAM_SESSIONS = "gatewayUpstreamSessions";
    /** A tool call's tool as its upstream names it (TOOL_NAME holds the name the caller used). */
    public static final String UPSTREAM_TOOL = "gatewayUpstreamTool";
    public static final String UPSTREAM_REQUEST_ID = "gatewayUpstreamRequestId";
    public static final String UPSTREAM_DEADLINE_NANOS = "gatewayUpstreamDeadlineNanos";
    public static final String UPSTREAM_REPLY = "gatewayUpstreamReply";
    public static final String UPSTREAM_RESPONSE_SESSION_ID = "gatewayUpstreamResponseSessionId";

    private GatewayExchange() {
    }

    public static long elapsedMillis(org.apache.camel.Exchange exchange) {
        Long started = exchange.getProperty(STARTED_NANOS, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
