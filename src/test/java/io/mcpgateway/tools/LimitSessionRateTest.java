package io.mcpgateway.tools;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.state.InMemoryRateWindows;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitSessionRateTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final AtomicLong now = new AtomicLong();
    private final InMemoryRateWindows windows = new InMemoryRateWindows(3, Duration.ofMinutes(1), now::get);
    private final LimitSessionRate limit = new LimitSessionRate(windows);

    private void request(String sessionId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        limit.process(exchange);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aSessionGetsItsLimitInAnyMinuteAndA429Beyond() {
        request("a");
        advance(Duration.ofSeconds(20));
        request("a");
        request("a");

        assertThatThrownBy(() -> request("a"))
                .satisfies(e -> assertThat(ErrorCatalog.classify(e).type()).isEqualTo(ErrorType.RATE_LIMITED));
        request("b"); // another session has its own window
    }

    @Test
    void aRequestCountsForExactlyOneMinute() {
        request("a");
        advance(Duration.ofSeconds(30));
        request("a");
        request("a");
        advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> request("a")).isNotNull();

        advance(Duration.ofSeconds(1)); // the first request is a minute old
        assertThatCode(() -> request("a")).doesNotThrowAnyException();
        assertThatThrownBy(() -> request("a")).isNotNull();
    }

    @Test
    void aRefusedRequestDoesNotCount() {
        request("a");
        request("a");
        request("a");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> request("a")).isNotNull();
        }

        advance(Duration.ofMinutes(1));
        request("a");
        request("a");
        request("a");
    }

    @Test
    void aSessionsWindowIsForgottenAMinuteAfterItsLastRequest() {
        request("a");
        request("b");
        assertThat(windows.keysTracked()).isEqualTo(2);

        advance(Duration.ofMinutes(1));

        assertThat(windows.keysTracked()).isZero();
    }
}
