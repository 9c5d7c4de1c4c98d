package io.mcpgateway.tools;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;

/**
 * Tool requests per session per rolling window ({@code MCP_RATE_LIMIT_PER_MINUTE} a minute): at most that many in any
 * window, 429 with {@code Retry-After: 60} beyond. Each session's window keeps the times of its requests in the last
 * period only, and is dropped one period after its last request, when no time in it still counts.
 *
 * <p>Camel's throttle EIP did this before, and keeps one object per <em>allowed</em> request and key from the key's
 * first request until ten periods after its last: with sessions coming and going, the heap grew by the limit times
 * every session of the last ten minutes (docs/performance.md). A refusal is the throttle's own exception, so the
 * catalog answer, {@code Retry-After} and the {@code limit="rate"} metric label are those of the {@code /init} throttle.
 */
public class LimitSessionRate implements Processor {

    private final int limit;
    private final long periodNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    public LimitSessionRate(int limit, Duration period, Ticker ticker) {
        this.limit = limit;
        this.periodNanos = period.toNanos();
        this.ticker = ticker;
        // dropped on time, not at the next request, so that a busy spell leaves nothing behind once it is over
        this.windows = Caffeine.newBuilder().expireAfterAccess(period).ticker(ticker)
                .scheduler(Scheduler.systemScheduler()).build();
    }

    public LimitSessionRate(int limit, Duration period) {
        this(limit, period, Ticker.systemTicker());
    }

    @Override
    public void process(Exchange exchange) {
        String sessionId = exchange.getProperty(GatewayExchange.SESSION_ID, String.class);
        if (!windows.get(sessionId, id -> new Window()).tryAcquire(ticker.read())) {
            throw new ThrottlerRejectedExecutionException("Exceeded the rate limit of " + limit + " requests per session");
        }
    }

    long sessionsTracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    /** The times of a session's requests within the last period, oldest first, in a ring that grows as needed. */
    private final class Window {
        private long[] times = new long[4];
        private int oldest;
        private int count;

        synchronized boolean tryAcquire(long now) {
            while (count > 0 && now - times[oldest] >= periodNanos) {
                oldest = (oldest + 1) % times.length;
                count--;
            }
            if (count >= limit) {
                return false;
            }
            if (count == times.length) {
                long[] larger = new long[(int) Math.min(limit, 2L * times.length)];
                for (int i = 0; i < count; i++) {
                    larger[i] = times[(oldest + i) % times.length];
                }
                times = larger;
                oldest = 0;
            }
            times[(oldest + count) % times.length] = now;
            count++;
            return true;
        }
    }
}
