package io.mcpgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RateWindows} must do, in real time (a shared implementation counts on its server's clock), with
 * periods short enough for a test and margins wide enough for a busy machine. Run on each implementation by a
 * subclass: in memory as a unit test, on a real Redis as an integration test.
 */
public abstract class RateWindowsContract {

    /** Fresh windows with nothing counted for any key the tests use. */
    protected abstract RateWindows windows(int limit, Duration period);

    @Test
    void theLimitHoldsWithinAPeriodAndARefusalCountsNothing() throws InterruptedException {
        RateWindows windows = windows(2, Duration.ofMillis(900));
        long start = System.nanoTime();
        assertThat(windows.tryAcquire("a")).isTrue();
        assertThat(windows.tryAcquire("a")).isTrue();
        Thread.sleep(300);
        assertThat(windows.tryAcquire("a")).as("the third within the period").isFalse();

        sleepUntil(start, 1_200); // both counted ones are over a period old; a counted refusal would still be in
        assertThat(windows.tryAcquire("a")).isTrue();
        assertThat(windows.tryAcquire("a")).as("the refusal was not counted").isTrue();
        assertThat(windows.tryAcquire("a")).isFalse();
    }

    @Test
    void theWindowRollsWithEachRequestRatherThanByFixedPeriods() throws InterruptedException {
        RateWindows windows = windows(2, Duration.ofMillis(1_000));
        long start = System.nanoTime();
        assertThat(windows.tryAcquire("a")).isTrue();
        sleepUntil(start, 500);
        assertThat(windows.tryAcquire("a")).isTrue();

        sleepUntil(start, 1_200); // the first is a period old, the second not yet
        assertThat(windows.tryAcquire("a")).isTrue();
        assertThat(windows.tryAcquire("a")).as("the second still counts").isFalse();
    }

    @Test
    void keysHaveWindowsOfTheirOwn() {
        RateWindows windows = windows(1, Duration.ofMinutes(1));
        assertThat(windows.tryAcquire("session-a")).isTrue();
        assertThat(windows.tryAcquire("session-a")).isFalse();
        assertThat(windows.tryAcquire("session-b")).isTrue();
        assertThat(windows.tryAcquire("203.0.113.9")).isTrue();
    }

    @Test
    void concurrentRequestsNeverGetMoreThanTheLimit() throws Exception {
        RateWindows windows = windows(40, Duration.ofMinutes(1));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 25; i++) {
                        allowed += windows.tryAcquire("busy") ? 1 : 0;
                    }
                    return allowed;
                });
            }
            int allowed = 0;
            for (Future<Integer> result : threads.invokeAll(tasks)) {
                allowed += result.get();
            }
            assertThat(allowed).as("200 attempts against a limit of 40").isEqualTo(40);
        } finally {
            threads.shutdownNow();
        }
    }

    protected static void sleepUntil(long startNanos, long millisAfter) throws InterruptedException {
        long left = millisAfter - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
