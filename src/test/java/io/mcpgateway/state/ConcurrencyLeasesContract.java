package io.mcpgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ConcurrencyLeases} must do. Run on each implementation by a subclass: in memory as a unit test,
 * on a real Redis as an integration test (which also shows that a lease never released lapses at its deadline: in
 * one JVM every lease is released, so the memory implementation does not track deadlines).
 */
public abstract class ConcurrencyLeasesContract {

    protected static final Duration HOLD = Duration.ofMinutes(1);

    /** Fresh leases, none held for any key the tests use. */
    protected abstract ConcurrencyLeases leases(int perKey);

    @Test
    void aKeyHasItsSlotsAndAnotherKeyItsOwn() {
        ConcurrencyLeases leases = leases(2);
        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).isEmpty();
        assertThat(leases.tryTake("b", HOLD)).isPresent();
    }

    @Test
    void releasingALeaseTwiceGivesItsSlotBackOnce() {
        ConcurrencyLeases leases = leases(2);
        ConcurrencyLeases.Lease first = leases.tryTake("a", HOLD).orElseThrow();
        leases.tryTake("a", HOLD).orElseThrow();

        first.release();
        first.release();

        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).as("the double release freed no second slot").isEmpty();
    }

    @Test
    void concurrentTakersNeverHoldMoreThanTheLimit() throws Exception {
        ConcurrencyLeases leases = leases(3);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 40; i++) {
                        Optional<ConcurrencyLeases.Lease> lease = leases.tryTake("busy", HOLD);
                        if (lease.isPresent()) {
                            taken++;
                            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            Thread.sleep(1);
                            held.decrementAndGet();
                            lease.get().release();
                        }
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> result : threads.invokeAll(tasks)) {
                taken += result.get();
            }
            assertThat(mostHeld.get()).isBetween(1, 3);
            assertThat(taken).as("slots came back and were taken again").isGreaterThan(3);
        } finally {
            threads.shutdownNow();
        }
        assertThat(leases.tryTake("busy", HOLD)).as("every slot came back").isPresent();
    }
}
