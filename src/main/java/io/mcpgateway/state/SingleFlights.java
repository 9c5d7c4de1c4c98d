package io.mcpgateway.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One piece of work done once across gateways: whoever claims a key leads it, and the others wait for the outcome it
 * publishes. Within one JVM a plain map of futures coalesces (see {@code session.InitCoalescer}); this is the part
 * that spans replicas, so that identical requests on different gateways do the work once. {@link #LOCAL} is the one
 * of a gateway that shares nothing: it always leads.
 *
 * <p>What a shared implementation fills: a leader key set only if absent, expiring after the hold (a leader that dies
 * frees it), and an outcome key that outlives the leader briefly, both under the key's keyed name.
 */
public interface SingleFlights {

    SingleFlights LOCAL = new SingleFlights() {
        @Override
        public Optional<Leadership> tryLead(String key, Duration hold) {
            return Optional.of(outcome -> { });
        }

        @Override
        public Optional<String> awaitOutcome(String key, Instant deadline) {
            return Optional.empty();
        }
    };

    /** Leads the work of this key for at most {@code hold}, or empty when another gateway leads it now. */
    Optional<Leadership> tryLead(String key, Duration hold);

    /**
     * The outcome the key's leader published, waiting for it until the deadline; empty when no leader holds the key
     * any more and none was published (it died, or its hold ran out): the caller may try to lead. A deadline that
     * passes first is a {@link java.util.concurrent.TimeoutException}, wrapped.
     */
    Optional<String> awaitOutcome(String key, Instant deadline) throws LeaderTimedOut;

    /** The work led by this gateway. */
    interface Leadership {
        /** Publishes the outcome to the waiting gateways and frees the key. */
        void finish(String outcome);
    }

    /** The leader neither finished nor let go before the deadline. */
    final class LeaderTimedOut extends Exception {
        public LeaderTimedOut() {
            super("The leader of a shared piece of work did not finish in time", null, false, false);
        }
    }
}
