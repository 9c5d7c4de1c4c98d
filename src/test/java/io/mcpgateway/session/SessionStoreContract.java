package io.mcpgateway.session;

import java.time.Duration;

import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.security.InitRequest;
import io.mcpgateway.security.TokenTimes;
import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every session store promises ({@link SessionStore}), run on each implementation: in this JVM
 * ({@link InMemorySessionStoreTest}) and on a real Redis ({@link RedisSessionStoreIT}). Time moves only when a test
 * moves it.
 */
abstract class SessionStoreContract {

    private SessionStore store;

    /** A new, empty store with these bounds, on the test's clock. */
    protected abstract SessionStore newStore(SessionStore.Limits limits);

    /** Moves the clock of every store this test made. */
    protected abstract void advance(Duration duration);

    @BeforeEach
    void newStore() {
        store = newStore(new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 3, 2, 3));
    }

    private static InitRequest init(String sessionId, String subject) {
        return InitRequest.of(sessionId, "https://api.example.com", TestTokens.jwt(subject));
    }

    /** Stores a session opened from the client address 10.0.0.1 with a token without time claims. */
    private SessionStore.Stored store(InitRequest request, String principal) {
        return store(request, principal, "10.0.0.1");
    }

    private SessionStore.Stored store(InitRequest request, String principal, String client) {
        return store.store(SessionRecord.of(request, principal, client, TokenTimes.NONE, null));
    }

    @Test
    void idleSessionsExpireAndTheExpiryIsLogged() {
        CapturedLogs.clear();
        store(init("idle", "alice"), "alice");
        store(init("busy", "bob"), "bob");

        advance(Duration.ofMinutes(20));
        store.markUsed(store.peek("busy").orElseThrow()); // an authenticated use restarts the idle clock
        advance(Duration.ofMinutes(20));
        store.cleanUp();

        assertThat(store.peek("idle")).isEmpty();
        assertThat(store.peek("busy")).isPresent();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(CapturedLogs.text()).contains("[GATEWAY] Session expired (idle) for session_id: idle"));
    }

    @Test
    void lookingASessionUpDoesNotKeepItAlive() {
        store(init("victim", "alice"), "alice");

        for (int minute = 0; minute < 40; minute += 10) {
            advance(Duration.ofMinutes(10));
            store.peek("victim"); // what an unauthenticated caller can cause
        }
        store.cleanUp();

        assertThat(store.peek("victim")).isEmpty();
    }

    @Test
    void closingRemovesOnlyTheSessionThatWasAuthenticated() {
        store(init("s", "alice"), "alice");
        GatewaySession authenticated = store.peek("s").orElseThrow();
        store(InitRequest.of("s", "https://api.example.com", TestTokens.jwt("alice")), "alice"); // refreshed meanwhile

        assertThat(store.close(authenticated)).isFalse();
        assertThat(store.peek("s")).isPresent();
        assertThat(store.close(store.peek("s").orElseThrow())).isTrue();
    }

    @Test
    void theStoreIsBoundedAndEvictionIsLogged() {
        CapturedLogs.clear();
        for (int i = 0; i < 10; i++) {
            store(init("s" + i, "user" + i), "user" + i, "10.0.0." + i);
        }
        store.cleanUp();

        assertThat(store.size()).isLessThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(CapturedLogs.text()).contains("Session evicted (SESSION_MAX reached)"));
    }

    @Test
    void anotherPrincipalCannotReplaceASession() {
        InitRequest alice = init("shared", "alice");
        store(alice, "alice");

        assertThatThrownBy(() -> store(init("shared", "mallory"), "mallory"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SESSION_CONFLICT));
        assertThat(store.peek("shared")).get().matches(s -> s.presentedBy(alice));
    }

    @Test
    void aSessionWithoutPrincipalIsNeverRefreshedByAnotherToken() {
        store(init("anon", "x"), null);

        assertThatThrownBy(() -> store(init("anon", "y"), null)).isInstanceOf(GatewayException.class);
    }

    @Test
    void theSamePrincipalRefreshesItsToken() {
        store(init("s", "alice"), "alice");
        InitRequest refreshed = InitRequest.of("s", "https://api.example.com", TestTokens.jwt("HS384", "{\"sub\":\"alice\"}"));

        assertThat(store(refreshed, "alice")).isEqualTo(SessionStore.Stored.REFRESHED);
        assertThat(store.peek("s")).get().matches(s -> s.presentedBy(refreshed));
    }

    @Test
    void sessionsNeverPrintTheirToken() {
        InitRequest request = init("s", "alice");
        store(request, "alice");
        assertThat(store.peek("s").orElseThrow().toString()).doesNotContain(request.jwtToken());
        assertThat(request.toString()).doesNotContain(request.jwtToken());
    }

    @Test
    void evictionTakesTheSessionLeastRecentlyUsedWithSuccess() {
        store(init("a", "alice"), "alice", "10.0.0.1");
        store(init("b", "bob"), "bob", "10.0.0.2");
        store(init("c", "carol"), "carol", "10.0.0.3");
        advance(Duration.ofSeconds(1));
        store.markUsed(store.peek("a").orElseThrow()); // a was opened first, but is the one in use
        store.peek("b"); // a lookup (a refused request) is no use

        store(init("d", "dave"), "dave", "10.0.0.4");

        assertThat(store.ids()).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(store.wasEvicted("b")).isTrue();
        assertThat(store.wasEvicted("a")).isFalse();
        store(init("b", "bob"), "bob", "10.0.0.2"); // opened again: no longer "evicted"
        assertThat(store.wasEvicted("b")).isFalse();
    }

    @Test
    void sessionsOpenedInQuickSuccessionAreEvictedInTheOrderTheyWereOpened() {
        SessionStore small = newStore(new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 5, 100, 100));
        for (int i = 0; i < 12; i++) { // well within one millisecond each: their order is the calls', not the clock's
            small.store(SessionRecord.of(init("quick" + i, "user" + i), "user" + i, "10.0.0.1", TokenTimes.NONE, null));
        }

        assertThat(small.ids()).containsExactlyInAnyOrder("quick7", "quick8", "quick9", "quick10", "quick11");
    }

    @Test
    void onePrincipalAndOneClientAddressHoldBoundedShares() {
        store(init("a1", "alice"), "alice", "10.0.0.1");
        store(init("a2", "alice"), "alice", "10.0.0.2");
        assertThatThrownBy(() -> store(init("a3", "alice"), "alice", "10.0.0.3"))
                .isInstanceOf(SessionStore.SessionLimitReached.class)
                .hasMessageContaining("principal");
        assertThat(store(init("a1", "alice"), "alice", "10.0.0.9")).as("a refresh adds no session")
                .isEqualTo(SessionStore.Stored.REFRESHED);

        SessionStore perClient = newStore(new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12),
                100, 100, 2));
        perClient.store(SessionRecord.of(init("x", "x"), "x", "10.0.0.7", TokenTimes.NONE, null));
        perClient.store(SessionRecord.of(init("y", null), null, "10.0.0.7", TokenTimes.NONE, null));
        assertThatThrownBy(() -> perClient.store(SessionRecord.of(init("z", "z"), "z", "10.0.0.7", TokenTimes.NONE, null)))
                .isInstanceOf(SessionStore.SessionLimitReached.class)
                .hasMessageContaining("client address");
        perClient.close(perClient.peek("x").orElseThrow());
        assertThat(perClient.store(SessionRecord.of(init("z", "z"), "z", "10.0.0.7", TokenTimes.NONE, null)))
                .isEqualTo(SessionStore.Stored.CREATED);
    }

    @Test
    void admissionDecidesConflictsAndBoundsWithoutStoring() {
        store(init("shared", "alice"), "alice");
        store(init("b", "bob"), "bob");

        assertThatThrownBy(() -> store.admit(init("shared", "mallory"), "mallory", "10.0.0.5"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SESSION_CONFLICT));
        store.admit(init("shared", "alice"), "alice", "10.0.0.5"); // a refresh
        store.admit(init("new", "carol"), "carol", "10.0.0.5");
        assertThat(store.ids()).containsExactlyInAnyOrder("shared", "b");
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeHoweverItIsUsedOrRefreshed() {
        CapturedLogs.clear();
        java.util.List<SessionStore.Ending> endings = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.onEnded((session, ending) -> endings.add(ending));
        store(init("long", "alice"), "alice");
        for (int minute = 0; minute < 11 * 60; minute += 20) {
            advance(Duration.ofMinutes(20));
            store.markUsed(store.peek("long").orElseThrow());
        }
        store(InitRequest.of("long", "https://api.example.com", TestTokens.jwt("alice")), "alice"); // a refresh
        advance(Duration.ofMinutes(60));
        store.cleanUp();

        assertThat(store.peek("long")).isEmpty();
        assertThat(endings).containsExactly(SessionStore.Ending.REPLACED, SessionStore.Ending.LIFETIME);
        assertThat(CapturedLogs.text()).contains("Session expired (lifetime) for session_id: long");
    }

    @Test
    void aSessionPastItsIdleTimeIsGoneAtItsNextLookupEvenBeforeTheSweep() {
        store(init("idle", "alice"), "alice");
        advance(Duration.ofMinutes(31));

        assertThat(store.peek("idle")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void aRefreshStoresANewRecordAndReportsTheOldSessionEndedOnce() {
        java.util.List<String> endings = new java.util.ArrayList<>();
        store.onEnded((session, ending) -> endings.add(session.sessionId() + ":" + ending));
        store(init("s", "alice"), "alice");
        GatewaySession before = store.peek("s").orElseThrow();
        SessionRecord first = before.record();
        InitRequest refresh = InitRequest.of("s", "https://api.example.com", TestTokens.jwt("alice"));

        assertThat(store(refresh, "alice")).isEqualTo(SessionStore.Stored.REFRESHED);

        assertThat(before.record()).as("a stored record never changes").isEqualTo(first);
        assertThat(store.peek("s").orElseThrow().record())
                .isEqualTo(SessionRecord.of(refresh, "alice", "10.0.0.1", TokenTimes.NONE, null))
                .isNotEqualTo(first);
        assertThat(endings).containsExactly("s:REPLACED");
    }

    @Test
    void aConflictLeavesTheStoredRecordAsItWas() {
        store(init("s", "alice"), "alice");
        SessionRecord stored = store.peek("s").orElseThrow().record();

        assertThatThrownBy(() -> store(init("s", "mallory"), "mallory")).isInstanceOf(GatewayException.class);

        assertThat(store.peek("s").orElseThrow().record()).isEqualTo(stored);
    }
}
