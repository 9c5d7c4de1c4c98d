package io.mcpgateway.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.state.InMemoryRateWindows;
import io.mcpgateway.state.RateLimitExceeded;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitInitRateTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final AtomicLong now = new AtomicLong();
    private final LimitInitRate limit = new LimitInitRate(new InMemoryRateWindows(2, Duration.ofMinutes(1), now::get));

    private void attempt(String clientAddress) {
        Exchange exchange = new DefaultExchange(context);
        if (clientAddress != null) {
            exchange.setProperty(GatewayExchange.CLIENT_ADDRESS, clientAddress);
        }
        limit.process(exchange);
    }

    @Test
    void aClientAddressGetsItsLimitInAnyMinuteAndA429Beyond() {
        attempt("10.0.0.1");
        attempt("10.0.0.1");

        assertThatThrownBy(() -> attempt("10.0.0.1")).isInstanceOf(RateLimitExceeded.class)
                .satisfies(e -> assertThat(ErrorCatalog.classify(e).type()).isEqualTo(ErrorType.RATE_LIMITED));
        assertThatCode(() -> attempt("10.0.0.2")).as("another address has its own window").doesNotThrowAnyException();

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThatCode(() -> attempt("10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void requestsWithoutAnAddressShareOneWindowInsteadOfFailing() {
        attempt(null);
        attempt(null);

        assertThatThrownBy(() -> attempt(null)).isInstanceOf(RateLimitExceeded.class);
    }
}
