package io.mcpgateway.session;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SessionStoreTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SessionStore store = new SessionStore(Duration.ofMinutes(30), 3, Clock.systemUTC(), nanos::get);

    private static InitRequest init(String sessionId, String subject) {
        return InitRequest.of(sessionId, "https://api.example.com", TestTokens.jwt(subject));
    }

    @Test
    void idleSessionsExpireAndTheExpiryIsLogged() {
        CapturedLogs.clear();
        store.store(init("idle", "alice"), "alice", null);
        store.store(init("busy", "bob"), "bob", null);

        nanos.addAndGet(TimeUnit.MINUTES.toNanos(20));
        store.markUsed(store.peek("busy").orElseThrow()); // an authenticated use restarts the idle clock
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(20));
        store.cleanUp();

        assertThat(store.peek("idle")).isEmpty();
        assertThat(store.peek("busy")).isPresent();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(CapturedLogs.text()).contains("[GATEWAY] Session expired (idle) for session_id: idle"));
    }

    @Test
    void lookingASessionUpDoesNotKeepItAlive() {
        store.store(init("victim", "alice"), "alice", null);

        for (int minute = 0; minute < 40; minute += 10) {
            nanos.addAndGet(TimeUnit.MINUTES.toNanos(10));
            store.peek("victim"); // what an unauthenticated caller can cause
        }
        store.cleanUp();

        assertThat(store.peek("victim")).isEmpty();
    }

    @Test
    void closingRemovesOnlyTheSessionThatWasAuthenticated() {
        store.store(init("s", "alice"), "alice", null);
        GatewaySession authenticated = store.peek("s").orElseThrow();
        store.store(InitRequest.of("s", "https://api.example.com", TestTokens.jwt("alice")), "alice", null); // refreshed meanwhile

        assertThat(store.close(authenticated)).isFalse();
        assertThat(store.peek("s")).isPresent();
        assertThat(store.close(store.peek("s").orElseThrow())).isTrue();
    }

    @Test
    void theStoreIsBoundedAndEvictionIsLogged() {
        CapturedLogs.clear();
        for (int i = 0; i < 10; i++) {
            store.store(init("s" + i, "user" + i), "user" + i, null);
        }
        store.cleanUp();

        assertThat(store.size()).isLessThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(CapturedLogs.text()).contains("Session evicted (SESSION_MAX reached)"));
    }

    @Test
    void anotherPrincipalCannotReplaceASession() {
        InitRequest alice = init("shared", "alice");
        store.store(alice, "alice", null);

        assertThatThrownBy(() -> store.store(init("shared", "mallory"), "mallory", null))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SESSION_CONFLICT));
        assertThat(store.peek("shared")).get().matches(s -> s.presentedBy(alice));
    }

    @Test
    void aSessionWithoutPrincipalIsNeverRefreshedByAnotherToken() {
        store.store(init("anon", "x"), null, null);

        assertThatThrownBy(() -> store.store(init("anon", "y"), null, null)).isInstanceOf(GatewayException.class);
    }

    @Test
    void theSamePrincipalRefreshesItsToken() {
        store.store(init("s", "alice"), "alice", null);
        InitRequest refreshed = InitRequest.of("s", "https://api.example.com", TestTokens.jwt("HS384", "{\"sub\":\"alice\"}"));

        assertThat(store.store(refreshed, "alice", null)).isEqualTo(SessionStore.Stored.REFRESHED);
        assertThat(store.peek("s")).get().matches(s -> s.presentedBy(refreshed));
    }

    @Test
    void sessionsNeverPrintTheirToken() {
        InitRequest request = init("s", "alice");
        store.store(request, "alice", null);
        assertThat(store.peek("s").orElseThrow().toString()).doesNotContain(request.jwtToken());
        assertThat(request.toString()).doesNotContain(request.jwtToken());
    }
}
