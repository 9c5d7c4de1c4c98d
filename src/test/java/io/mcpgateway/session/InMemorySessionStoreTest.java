package io.mcpgateway.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The session store contract in this JVM's memory, on a ticker the test moves. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    protected SessionStore newStore(SessionStore.Limits limits) {
        return new InMemorySessionStore(limits, nanos::get);
    }

    @Override
    protected void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
