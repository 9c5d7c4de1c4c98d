package io.mcpgateway.state;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leases in this JVM: a semaphore per key, forgotten once all its slots are free. A lease's deadline is not tracked:
 * in one JVM every lease is released when its exchange is done, whatever its outcome, and each request is bounded
 * by its own deadline.
 */
public final class InMemoryConcurrencyLeases implements ConcurrencyLeases {

    private final int perKey;
    private final ConcurrentHashMap<String, Semaphore> slots = new ConcurrentHashMap<>();

    public InMemoryConcurrencyLeases(int perKey) {
        this.perKey = perKey;
    }

    @Override
    public Optional<Lease> tryTake(String key, Duration maxHold) {
        boolean[] taken = new boolean[1];
        // per key, compute runs under the map's lock: taking and returning a slot never race with removing the entry
        slots.compute(key, (k, current) -> {
            Semaphore held = current == null ? new Semaphore(perKey) : current;
            taken[0] = held.tryAcquire();
            return held;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                give(key);
            }
        });
    }

    private void give(String key) {
        slots.compute(key, (k, held) -> {
            held.release();
            return held.availablePermits() == perKey ? null : held;
        });
    }

    /** How many keys hold a slot. */
    public int keysTracked() {
        return slots.size();
    }
}
