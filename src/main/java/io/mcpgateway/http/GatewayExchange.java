package io.mcpgateway.http;

/** Names of the exchange properties the gateway's steps hand to each other. */
public final class GatewayExchange {

    public static final String REQUEST_ID = "gatewayRequestId";
    public static final String STARTED_NANOS = "gatewayStartedNanos";
    public static final String CLIENT_ADDRESS = "gatewayClientAddress";
    public static final String INIT_REQUEST = "gatewayInitRequest";
    public static final String SESSION_REUSED = "gatewaySessionReused";
    public static final String PRINCIPAL = "gatewayPrincipal";
    public static final String SESSION_ID = "gatewaySessionId";
    /** The session whose owner the request authenticated as. */
    public static final String SESSION = "gatewaySession";

    private GatewayExchange() {
    }

    public static long elapsedMillis(org.apache.camel.Exchange exchange) {
        Long started = exchange.getProperty(STARTED_NANOS, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
