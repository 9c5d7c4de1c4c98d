package io.mcpgateway.state;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryConcurrencyLeasesTest {

    private static final Duration HOLD = Duration.ofMinutes(1);
    private final InMemoryConcurrencyLeases leases = new InMemoryConcurrencyLeases(2);

    @Test
    void aKeyHasItsSlotsAndAnotherKeyItsOwn() {
        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).isEmpty();
        assertThat(leases.tryTake("b", HOLD)).isPresent();
    }

    @Test
    void releasingALeaseTwiceGivesItsSlotBackOnce() {
        ConcurrencyLeases.Lease first = leases.tryTake("a", HOLD).orElseThrow();
        leases.tryTake("a", HOLD).orElseThrow();

        first.release();
        first.release();

        assertThat(leases.tryTake("a", HOLD)).isPresent();
        assertThat(leases.tryTake("a", HOLD)).as("the double release freed no second slot").isEmpty();
    }

    @Test
    void aKeyWithEverySlotFreeIsForgotten() {
        Optional<ConcurrencyLeases.Lease> lease = leases.tryTake("a", HOLD);
        assertThat(leases.keysTracked()).isEqualTo(1);
        lease.orElseThrow().release();
        assertThat(leases.keysTracked()).isZero();
    }
}
