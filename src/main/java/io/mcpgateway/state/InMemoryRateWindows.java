package io.mcpgateway.state;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Rate windows in this JVM. Each key's window keeps the times of its requests in the last period only, and is dropped
 * one period after its last request, when no time in it still counts.
 *
 * <p>Camel's throttle EIP did this before, and keeps one object per <em>allowed</em> request and key from the key's
 * first request until ten periods after its last: with keys coming and going, the heap grew by the limit times every
 * key of the last ten minutes (docs/performance.md).
 */
public final class InMemoryRateWindows implements RateWindows {

    private final int limit;
    private final long periodNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    public InMemoryRateWindows(int limit, Duration period, Ticker ticker) {
        this.limit = limit;
        this.periodNanos = period.toNanos();
        this.ticker = ticker;
        // dropped on time, not at the next request, so that a busy spell leaves nothing behind once it is over
        this.windows = Caffeine.newBuilder().expireAfterAccess(period).ticker(ticker)
                .scheduler(Scheduler.systemScheduler()).build();
    }

    public InMemoryRateWindows(int limit, Duration period) {
        this(limit, period, Ticker.systemTicker());
    }

    @Override
    public boolean tryAcquire(String key) {
        return windows.get(key, k -> new Window()).tryAcquire(ticker.read());
    }

    /** How many keys hold a window (after dropping those past their period). */
    public long keysTracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    /** The times of a key's requests within the last period, oldest first, in a ring that grows as needed. */
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
