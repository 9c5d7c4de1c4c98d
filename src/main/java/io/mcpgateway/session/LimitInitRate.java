package io.mcpgateway.session;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.state.RateLimitExceeded;
import io.mcpgateway.state.RateWindows;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /init}, before any work: attempts per client address per rolling minute
 * ({@code INIT_RATE_LIMIT_PER_MINUTE}), 429 with {@code Retry-After: 60} beyond.
 */
public class LimitInitRate implements Processor {

    private final RateWindows windows;

    public LimitInitRate(RateWindows windows) {
        this.windows = windows;
    }

    @Override
    public void process(Exchange exchange) {
        // the address is set by the server hooks for every request; an absent one shares one window rather than none
        String clientAddress = exchange.getProperty(GatewayExchange.CLIENT_ADDRESS, "", String.class);
        if (!windows.tryAcquire(clientAddress)) {
            throw new RateLimitExceeded();
        }
    }
}
