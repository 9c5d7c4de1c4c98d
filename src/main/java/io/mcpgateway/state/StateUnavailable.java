package io.mcpgateway.state;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * The shared state could not be read or written (unreachable, too slow, refusing the gateway's credentials, out of
 * connections, answering with an error): 503 {@code STATE_UNAVAILABLE} with a short {@code Retry-After}. The request is
 * refused rather than served without its limits or its session (fail closed). The message is fixed: never the store's
 * own error text, its address or its credentials.
 */
public final class StateUnavailable extends GatewayException {

    /** A Redis blip or a failover is over in seconds; the 60 s of a rate window would keep callers away far longer. */
    public static final int RETRY_AFTER_SECONDS = 2;

    public StateUnavailable() {
        super(ErrorType.STATE_UNAVAILABLE, "Shared state is unavailable, retry shortly", RETRY_AFTER_SECONDS);
    }
}
