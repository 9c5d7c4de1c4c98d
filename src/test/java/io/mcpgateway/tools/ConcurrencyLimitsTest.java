package io.mcpgateway.tools;

import java.util.ArrayList;
import java.util.List;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyLimitsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ConcurrencyLimits limits = new ConcurrencyLimits(3, 2);
    private final List<Exchange> running = new ArrayList<>();

    private Exchange start(String sessionId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        limits.process(exchange);
        running.add(exchange);
        return exchange;
    }

    private static void finish(Exchange exchange) {
        UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
    }

    @Test
    void aSessionHoldsAtMostItsShareAndEveryoneTheTotal() {
        start("a");
        start("a");
        assertThatThrownBy(() -> start("a")).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.RATE_LIMITED));

        start("b");
        assertThatThrownBy(() -> start("c")).isInstanceOf(GatewayException.class); // the total of 3 is reached
    }

    @Test
    void slotsComeBackWhenExchangesAreDoneAndNothingIsLeftBehind() {
        Exchange first = start("a");
        Exchange second = start("a");
        finish(first);
        start("a");
        finish(second);
        finish(running.get(2));

        assertThat(limits.sessionsTracked()).isZero();
        for (int i = 0; i < 3; i++) {
            start("s" + i);
        }
    }

    @Test
    void aRefusedRequestGetsAShortRetryAfterAndHoldsNoSlot() {
        start("a");
        start("a");
        Exchange refused = new DefaultExchange(context);
        refused.setProperty(GatewayExchange.SESSION_ID, "a");

        assertThatThrownBy(() -> limits.process(refused)).isInstanceOf(GatewayException.class);

        assertThat(refused.getProperty("gatewayRetryAfterSeconds")).isEqualTo(1);
        start("b"); // the refused request did not keep the third slot of the total
    }
}
