package io.mcpgateway.state;

import java.time.Duration;

class InMemoryRateWindowsTest extends RateWindowsContract {

    @Override
    protected RateWindows windows(int limit, Duration period) {
        return new InMemoryRateWindows(limit, period);
    }
}
