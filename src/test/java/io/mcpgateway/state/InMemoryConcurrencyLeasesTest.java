package io.mcpgateway.state;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryConcurrencyLeasesTest extends ConcurrencyLeasesContract {

    @Override
    protected ConcurrencyLeases leases(int perKey) {
        return new InMemoryConcurrencyLeases(perKey);
    }

    @Test
    void aKeyWithEverySlotFreeIsForgotten() {
        InMemoryConcurrencyLeases leases = new InMemoryConcurrencyLeases(2);
        Optional<ConcurrencyLeases.Lease> lease = leases.tryTake("a", HOLD);
        assertThat(leases.keysTracked()).isEqualTo(1);
        lease.orElseThrow().release();
        assertThat(leases.keysTracked()).isZero();
    }
}
