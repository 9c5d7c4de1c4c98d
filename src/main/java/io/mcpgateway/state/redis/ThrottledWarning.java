package io.mcpgateway.state.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warning written at most once a minute, however often its cause recurs: an outage of the shared state fails every
 * request, and a line per request would drown the log (and the disk) while saying nothing new.
 */
final class ThrottledWarning {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final AtomicLong lastWritten = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());

    ThrottledWarning(Class<?> source) {
        this.log = LoggerFactory.getLogger(source);
    }

    /** Writes the line unless one was written less than {@link #INTERVAL} ago; true when it did. */
    boolean warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long last = lastWritten.get();
        if (now - last < INTERVAL.toNanos() || !lastWritten.compareAndSet(last, now)) {
            return false;
        }
        log.warn(format, arguments);
        return true;
    }

    /** Writes the line whatever came before (the start of a new outage), and counts it as the last one written. */
    void warnNow(String format, Object... arguments) {
        lastWritten.set(System.nanoTime());
        log.warn(format, arguments);
    }
}
