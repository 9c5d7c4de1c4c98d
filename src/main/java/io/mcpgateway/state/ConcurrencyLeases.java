package io.mcpgateway.state;

import java.time.Duration;
import java.util.Optional;

/**
 * A bounded number of requests in progress at once per key (a session, a principal). A slot is a lease: it is given
 * back by {@link Lease#release}, and lapses by itself after the time it was taken for, so that a shared
 * implementation frees the slots of a gateway that died mid-call (a sorted set of lease deadlines per key, trimmed
 * and counted in one atomic operation). The cap over every request of one gateway is not a lease: it protects that
 * gateway's own workers and stays local.
 */
public interface ConcurrencyLeases {

    /**
     * A slot for the key, held at most for {@code maxHold} (longer than the request's own deadline), or empty at once
     * when every slot of the key is taken.
     */
    Optional<Lease> tryTake(String key, Duration maxHold);

    /**
     * Gives back, once the store can be reached again, the leases whose release failed while it could not (a shared
     * store that was down at the end of a call): without this such a slot would stay taken until its {@code maxHold},
     * and a session allowed one call at a time would be refused for that long. A store of this JVM never fails to.
     */
    default void retryReleases() {
    }

    /** One slot taken; releasing it twice gives it back once. */
    interface Lease {
        void release();
    }
}
