package io.mcpgateway.state;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * A rate window was full: 429 with the catalog's {@code Retry-After}, counted under {@code limit="rate"} in the
 * metrics (the answer the throttle EIP's exception was classified as before).
 */
public final class RateLimitExceeded extends GatewayException {

    public RateLimitExceeded() {
        super(ErrorType.RATE_LIMITED, "Too many requests, retry later");
    }
}
