package io.mcpgateway.upstream.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ToolPolicyTest {

    private static List<Glob> globs(String... patterns) {
        return java.util.Arrays.stream(patterns).map(Glob::new).toList();
    }

    private static PolicyRule allow(String claim, String value, String... patterns) {
        return new PolicyRule(Optional.of(new ClaimCondition(claim, value)), globs(patterns), List.of());
    }

    private static PolicyRule deny(String claim, String value, String... patterns) {
        return new PolicyRule(Optional.of(new ClaimCondition(claim, value)), List.of(), globs(patterns));
    }

    private static final Map<String, ToolFilter> OPEN = Map.of("tickets", ToolFilter.ALL, "code", ToolFilter.ALL);

    /** The example. */
    private static final ToolPolicy EXAMPLE = new ToolPolicy(OPEN,
            List.of(allow("groups", "support", "tickets__*"), allow("groups", "engineering", "*")), false);

    @ParameterizedTest
    @CsvSource({
        "p*, p, true", "p*, pq, true", "p*, qp, false", "*p, qp, true", "*p, pq, false", "a*b*c, abc, true",
        "a*b*c, axxbyyc, true", "a*b*c, acb, false", "exact, exact, true", "exact, exactly, false",
        "*, '', true", "tickets__*, tickets__search, true", "tickets__*, code__search, false",
        "**, x, true", "a.b, axb, false", "*__delete_*, code__delete_repo, true",
    })
    void globsAreAnchoredAndOnlyStarIsSpecial(String pattern, String name, boolean matches) {
        assertThat(new Glob(pattern).matches(name)).isEqualTo(matches);
    }

    @Test
    void aLongHostileNameIsMatchedQuickly() {
        String name = "a".repeat(10_000);
        long start = System.nanoTime();
        assertThat(new Glob("*a*a*a*a*a*a*a*a*b").matches(name)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void aStringClaimMatchesWhenEqual() {
        assertThat(EXAMPLE.isVisible(Map.of("groups", "support"), "tickets", "search", "tickets__search")).isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", "supporter"), "tickets", "search", "tickets__search")).isFalse();
    }

    @Test
    void anArrayClaimMatchesWhenItHoldsTheValue() {
        assertThat(EXAMPLE.isVisible(Map.of("groups", List.of("sales", "support")), "tickets", "s", "tickets__s"))
                .isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", List.of("sales")), "tickets", "s", "tickets__s")).isFalse();
    }

    @Test
    void numbersAndMissingClaimsNeverMatch() {
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(allow("level", "3", "*")), false);
        assertThat(policy.isVisible(Map.of("level", 3), "code", "x", "code__x")).isFalse();
        assertThat(policy.isVisible(Map.of("level", List.of(3)), "code", "x", "code__x")).isFalse();
        assertThat(policy.isVisible(Map.of(), "code", "x", "code__x")).isFalse();
        assertThat(policy.isVisible(Map.of("level", "3"), "code", "x", "code__x")).isTrue();
    }

    @Test
    void theFirstRuleThatSpeaksAboutTheNameDecides() {
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(
                deny("groups", "contractors", "*__delete_*"),
                allow("groups", "contractors", "*"),
                allow("groups", "everyone", "*")), false);
        Map<String, Object> contractor = Map.of("groups", List.of("contractors", "everyone"));

        assertThat(policy.isVisible(contractor, "code", "delete_repo", "code__delete_repo")).isFalse();
        assertThat(policy.isVisible(contractor, "code", "read", "code__read")).isTrue();
        assertThat(policy.isVisible(Map.of("groups", "everyone"), "code", "delete_repo", "code__delete_repo")).isTrue();
    }

    @Test
    void aRuleThatDoesNotNameTheToolLetsTheNextOneDecide() {
        Map<String, Object> both = Map.of("groups", List.of("support", "engineering"));
        assertThat(EXAMPLE.isVisible(both, "code", "push", "code__push")).isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", "support"), "code", "push", "code__push")).isFalse();
    }

    @Test
    void theDefaultDecidesForAPrincipalNoRuleSpeaksFor() {
        Map<String, Object> stranger = Map.of("sub", "someone");
        assertThat(EXAMPLE.isVisible(stranger, "tickets", "search", "tickets__search")).isFalse();
        assertThat(new ToolPolicy(OPEN, EXAMPLE.rules(), true)
                .isVisible(stranger, "tickets", "search", "tickets__search")).isTrue();
        assertThat(new ToolPolicy(OPEN, List.of(), true).isVisible(stranger, "code", "x", "code__x")).isTrue();
        assertThat(new ToolPolicy(OPEN, List.of(), false).isVisible(stranger, "code", "x", "code__x")).isFalse();
    }

    @Test
    void policiesApplyToTheExposedNameAndTheUpstreamsListsToTheOriginal() {
        ToolPolicy policy = new ToolPolicy(Map.of("tickets", new ToolFilter(globs("search_*"), List.of())),
                List.of(allow("groups", "support", "tickets__*")), false);
        Map<String, Object> support = Map.of("groups", "support");

        assertThat(policy.isVisible(support, "tickets", "search_all", "tickets__search_all")).isTrue();
        // the upstream's list speaks of "search_*", not "tickets__search_*"
        assertThat(policy.isVisible(support, "tickets", "tickets__search_all", "x")).isFalse();
        // the policy speaks of the exposed name: a rewritten one is matched as rewritten
        assertThat(policy.isVisible(support, "tickets", "search_all", "search_all")).isFalse();
    }

    @Test
    void denyBeatsAllowAndNoAllowListMeansEverything() {
        ToolFilter both = new ToolFilter(globs("get_*", "delete_*"), globs("delete_*"));
        assertThat(both.passes("get_ticket")).isTrue();
        assertThat(both.passes("delete_ticket")).isFalse();
        assertThat(both.passes("search")).isFalse();

        ToolFilter denyOnly = new ToolFilter(List.of(), globs("delete_*"));
        assertThat(denyOnly.passes("anything")).isTrue();
        assertThat(denyOnly.passes("delete_x")).isFalse();
        assertThat(ToolFilter.ALL.passes("anything")).isTrue();

        ToolPolicy policy = new ToolPolicy(Map.of("tickets", both), List.of(), true);
        assertThat(policy.isVisible(Map.of(), "tickets", "delete_ticket", "tickets__delete_ticket")).isFalse();
        assertThat(policy.isVisible(Map.of(), "tickets", "get_ticket", "tickets__get_ticket")).isTrue();
    }

    @Test
    void withinOneRuleDenyBeatsAllow() {
        PolicyRule rule = new PolicyRule(Optional.empty(), globs("*"), globs("*__admin_*"));
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(rule), true);
        assertThat(policy.isVisible(Map.of(), "code", "admin_x", "code__admin_x")).isFalse();
        assertThat(policy.isVisible(Map.of(), "code", "read", "code__read")).isTrue();
    }

    @Test
    void anUnknownUpstreamShowsNothing() {
        assertThat(new ToolPolicy(OPEN, List.of(), true).isVisible(Map.of(), "gone", "x", "gone__x")).isFalse();
    }
}
