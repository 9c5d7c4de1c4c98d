package io.mcpgateway.state;

/**
 * Rolling rate windows, one per key: at most a limit of acquisitions in any period, per key. One instance holds one
 * limit and one period (the per-session tool rate, the {@code /init} rate per client address).
 *
 * <p>What a shared implementation fills: one atomic operation per acquisition on the server's clock (a sorted set of
 * times per key, trimmed to the period, counted, added to, expiring one period after its last entry), so that
 * several gateways together never allow more than the limit.
 */
public interface RateWindows {

    /** Counts one request for the key and returns true, or returns false (counting nothing) when its window is full. */
    boolean tryAcquire(String key);
}
