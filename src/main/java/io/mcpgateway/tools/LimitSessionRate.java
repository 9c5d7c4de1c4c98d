package io.mcpgateway.tools;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.state.RateLimitExceeded;
import io.mcpgateway.state.RateWindows;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Tool requests per session per rolling window ({@code MCP_RATE_LIMIT_PER_MINUTE} a minute): at most that many in any
 * window, 429 with {@code Retry-After: 60} beyond, counted under {@code limit="rate"} like the {@code /init} rate.
 */
public class LimitSessionRate implements Processor {

    private final RateWindows windows;

    public LimitSessionRate(RateWindows windows) {
        this.windows = windows;
    }

    @Override
    public void process(Exchange exchange) {
        if (!windows.tryAcquire(exchange.getProperty(GatewayExchange.SESSION_ID, String.class))) {
            throw new RateLimitExceeded();
        }
    }
}
