package io.mcpgateway.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.testing.TestUpstreams;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out to several upstreams: one hung upstream costs the caller its own deadline and no other's threads. */
class UpstreamFanOutTest {

    private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();
    /** As the gateway makes them: threads as many as the upstream's calls, a queue as long, refusing beyond. */
    private final UpstreamFanOut fanOut = new UpstreamFanOut(upstream -> {
        int threads = upstream.definition().maxConcurrentCalls();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads), new ThreadPoolExecutor.AbortPolicy());
        pools.add(pool);
        return pool;
    });
    private final CountDownLatch hung = new CountDownLatch(1);

    @AfterEach
    void release() {
        hung.countDown();
        pools.forEach(ExecutorService::shutdownNow);
    }

    private final Upstream first = TestUpstreams.upstream("first", Duration.ofSeconds(1), 1);
    private final Upstream slow = TestUpstreams.upstream("slow", Duration.ofSeconds(1), 1);
    private final Upstream healthy = TestUpstreams.upstream("healthy", Duration.ofSeconds(1), 1);

    private Map<String, UpstreamFanOut.Outcome<String>> list(List<String> late) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        return fanOut.each(exchange, List.of(first, slow, healthy), (upstream, copy) -> {
            assertThat(copy.getProperty(GatewayExchange.UPSTREAM_NAME)).isEqualTo(upstream.name());
            if (upstream == slow) {
                try {
                    hung.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new UpstreamFanOut.Outcome<>(upstream.name() + " answered", null);
        }, (upstream, value) -> late.add(upstream.name() + ": " + value));
    }

    @Test
    void aHungUpstreamIsLeftOutAtItsDeadlineAndTheOthersAnswer() {
        List<String> late = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        Map<String, UpstreamFanOut.Outcome<String>> outcomes = list(late);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(outcomes.keySet()).containsExactly("first", "slow", "healthy");
        assertThat(outcomes.get("first").value()).isEqualTo("first answered");
        assertThat(outcomes.get("healthy").value()).isEqualTo("healthy answered");
        assertThat(outcomes.get("slow").failed()).isTrue();
        // its deadline (1 s) and the slack (2 s), not the sum of anything; an order of magnitude below a hang
        assertThat(millis).isBetween(900L, 10_000L);

        // what the hung upstream yields at last goes to the caller's late action
        hung.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !late.isEmpty());
        assertThat(late).containsExactly("slow: slow answered");
    }

    @Test
    void theHungUpstreamsThreadsAreItsOwn() {
        List<String> late = new CopyOnWriteArrayList<>();
        list(late); // the slow upstream's one thread is now held
        Map<String, UpstreamFanOut.Outcome<String>> again = list(late);
        assertThat(again.get("healthy").value()).as("another upstream still has its thread")
                .isEqualTo("healthy answered");
        assertThat(again.get("slow").failed()).isTrue();
    }
}
