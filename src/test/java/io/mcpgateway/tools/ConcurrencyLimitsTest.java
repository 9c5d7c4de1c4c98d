package io.mcpgateway.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.session.InMemorySessionStore;
import io.mcpgateway.session.SessionRecord;
import io.mcpgateway.session.SessionStore;
import io.mcpgateway.state.InMemoryConcurrencyLeases;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyLimitsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final InMemoryConcurrencyLeases sessionLeases = new InMemoryConcurrencyLeases(2);
    private final ConcurrencyLimits limits = new ConcurrencyLimits(3, sessionLeases, new InMemoryConcurrencyLeases(3));
    private final SessionStore sessions = new InMemorySessionStore(new SessionStore.Limits(Duration.ofMinutes(5),
            Duration.ofHours(1), 100, 100, 100));
    private final List<Exchange> running = new ArrayList<>();

    private Exchange start(String sessionId) {
        return start(limits, sessionId, null);
    }

    /** A call in the session, which belongs to the principal (null: a token without sub). */
    private Exchange start(ConcurrencyLimits limits, String sessionId, String principal) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayExchange.SESSION_ID, sessionId);
        sessions.store(SessionRecord.of(InitRequest.of(sessionId, "https://api.example.com", "token-" + sessionId),
                principal, "127.0.0.1", TokenTimes.NONE, null));
        exchange.setProperty(GatewayExchange.SESSION, sessions.peek(sessionId).orElseThrow());
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

        assertThat(sessionLeases.keysTracked()).isZero();
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

        assertThatThrownBy(() -> limits.process(refused)).isInstanceOfSatisfying(GatewayException.class,
                busy -> assertThat(busy.retryAfterSeconds()).isEqualTo(1));
        start("b"); // the refused request did not keep the third slot of the total
    }

    @Test
    void onePrincipalsSessionsTogetherHoldAtMostItsShareWhileAnotherPrincipalStillGetsASlot() {
        ConcurrencyLimits fair = new ConcurrencyLimits(8, new InMemoryConcurrencyLeases(2), new InMemoryConcurrencyLeases(3));
        start(fair, "alice-1", "alice");
        start(fair, "alice-1", "alice");
        start(fair, "alice-2", "alice");
        assertThatThrownBy(() -> start(fair, "alice-2", "alice")).as("alice's fourth call, in a session with room")
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.RATE_LIMITED));
        assertThatThrownBy(() -> start(fair, "alice-3", "alice")).isInstanceOf(GatewayException.class);

        start(fair, "bob-1", "bob");
        start(fair, "bob-1", "bob");
    }

    @Test
    void aRefusalByThePrincipalsShareGivesBackTheSessionAndTotalSlots() {
        InMemoryConcurrencyLeases perSession = new InMemoryConcurrencyLeases(2);
        InMemoryConcurrencyLeases perPrincipal = new InMemoryConcurrencyLeases(2);
        ConcurrencyLimits fair = new ConcurrencyLimits(4, perSession, perPrincipal);
        start(fair, "alice-1", "alice");
        start(fair, "alice-1", "alice");
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThatThrownBy(() -> start(fair, "alice-" + (2 + n), "alice")).isInstanceOf(GatewayException.class);
        }

        start(fair, "bob-1", "bob");
        start(fair, "bob-1", "bob"); // the total of 4 was not eaten by alice's refused calls
        running.forEach(ConcurrencyLimitsTest::finish);
        assertThat(perSession.keysTracked()).isZero();
        assertThat(perPrincipal.keysTracked()).isZero();
    }

    @Test
    void sessionsWithoutAPrincipalEachCountAsTheirOwn() {
        ConcurrencyLimits fair = new ConcurrencyLimits(8, new InMemoryConcurrencyLeases(2), new InMemoryConcurrencyLeases(1));
        start(fair, "anonymous-1", null);
        start(fair, "anonymous-2", null);
        assertThatThrownBy(() -> start(fair, "anonymous-1", null)).as("its share of 1 is taken")
                .isInstanceOf(GatewayException.class);
        // a principal named like a session id is not that session
        start(fair, "anonymous-3", "anonymous-1");
    }
}
