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
        assertThat(EXAMPLE.isVisible(Map.of("groups", "support"), "tickets", "search")).isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", "supporter"), "tickets", "search")).isFalse();
    }

    @Test
    void anArrayClaimMatchesWhenItHoldsTheValue() {
        assertThat(EXAMPLE.isVisible(Map.of("groups", List.of("sales", "support")), "tickets", "s"))
                .isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", List.of("sales")), "tickets", "s")).isFalse();
    }

    @Test
    void numbersAndMissingClaimsNeverMatch() {
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(allow("level", "3", "*")), false);
        assertThat(policy.isVisible(Map.of("level", 3), "code", "x")).isFalse();
        assertThat(policy.isVisible(Map.of("level", List.of(3)), "code", "x")).isFalse();
        assertThat(policy.isVisible(Map.of(), "code", "x")).isFalse();
        assertThat(policy.isVisible(Map.of("level", "3"), "code", "x")).isTrue();
    }

    @Test
    void theFirstRuleThatSpeaksAboutTheNameDecides() {
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(
                deny("groups", "contractors", "*__delete_*"),
                allow("groups", "contractors", "*"),
                allow("groups", "everyone", "*")), false);
        Map<String, Object> contractor = Map.of("groups", List.of("contractors", "everyone"));

        assertThat(policy.isVisible(contractor, "code", "delete_repo")).isFalse();
        assertThat(policy.isVisible(contractor, "code", "read")).isTrue();
        assertThat(policy.isVisible(Map.of("groups", "everyone"), "code", "delete_repo")).isTrue();
    }

    @Test
    void aRuleThatDoesNotNameTheToolLetsTheNextOneDecide() {
        Map<String, Object> both = Map.of("groups", List.of("support", "engineering"));
        assertThat(EXAMPLE.isVisible(both, "code", "push")).isTrue();
        assertThat(EXAMPLE.isVisible(Map.of("groups", "support"), "code", "push")).isFalse();
    }

    @Test
    void theDefaultDecidesForAPrincipalNoRuleSpeaksFor() {
        Map<String, Object> stranger = Map.of("sub", "someone");
        assertThat(EXAMPLE.isVisible(stranger, "tickets", "search")).isFalse();
        assertThat(new ToolPolicy(OPEN, EXAMPLE.rules(), true)
                .isVisible(stranger, "tickets", "search")).isTrue();
        assertThat(new ToolPolicy(OPEN, List.of(), true).isVisible(stranger, "code", "x")).isTrue();
        assertThat(new ToolPolicy(OPEN, List.of(), false).isVisible(stranger, "code", "x")).isFalse();
    }

    @Test
    void policiesApplyToTheCanonicalNameAndTheUpstreamsListsToTheOriginal() {
        ToolPolicy policy = new ToolPolicy(Map.of("tickets", new ToolFilter(globs("search_*"), List.of())),
                List.of(allow("groups", "support", "tickets__*")), false);
        Map<String, Object> support = Map.of("groups", "support");

        assertThat(policy.isVisible(support, "tickets", "search_all")).isTrue();
        // the upstream's list speaks of "search_*", not "tickets__search_*"
        assertThat(policy.isVisible(support, "tickets", "tickets__search_all")).isFalse();
        // a name rewritten to fit (cut, hash suffix) is still "tickets__" and its original to the policy
        assertThat(policy.isVisible(support, "tickets", "search_all.v2/" + "x".repeat(80))).isTrue();
    }

    @Test
    void thePolicyDecidesTheSameWhetherOrNotNamesArePrefixed() {
        // the file's one upstream after a reload removed the other: its tools are exposed plain, and a rule that
        // denies "code__delete_*" must still deny them
        ToolPolicy policy = new ToolPolicy(Map.of("code", ToolFilter.ALL),
                List.of(new PolicyRule(Optional.empty(), List.of(), globs("code__delete_*"))), true);
        assertThat(policy.isVisible(Map.of(), "code", "delete_repo")).isFalse();
        assertThat(policy.isVisible(Map.of(), "code", "read")).isTrue();
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
        assertThat(policy.isVisible(Map.of(), "tickets", "delete_ticket")).isFalse();
        assertThat(policy.isVisible(Map.of(), "tickets", "get_ticket")).isTrue();
    }

    @Test
    void withinOneRuleDenyBeatsAllow() {
        PolicyRule rule = new PolicyRule(Optional.empty(), globs("*"), globs("*__admin_*"));
        ToolPolicy policy = new ToolPolicy(OPEN, List.of(rule), true);
        assertThat(policy.isVisible(Map.of(), "code", "admin_x")).isFalse();
        assertThat(policy.isVisible(Map.of(), "code", "read")).isTrue();
    }

    @Test
    void anUnknownUpstreamShowsNothing() {
        assertThat(new ToolPolicy(OPEN, List.of(), true).isVisible(Map.of(), "gone", "x")).isFalse();
    }
}
