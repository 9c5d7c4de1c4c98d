package io.mcpgateway.upstream.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the file's {@code policies}: for the principals its condition holds for (every principal when it has
 * none), the canonical tool names ({@code {upstream}__{tool}}) it allows or denies. A rule speaks only about the
 * names its lists match; for any other name the next rule is asked.
 */
public record PolicyRule(Optional<ClaimCondition> when, List<Glob> allow, List<Glob> deny) {

    public PolicyRule {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        if (allow.isEmpty() && deny.isEmpty()) {
            throw new IllegalArgumentException("a policy rule needs an allow or a deny list");
        }
    }

    /** This rule's verdict on the name, or empty when it does not apply to this principal or this name. */
    public Optional<Boolean> verdict(Map<String, Object> claims, String canonicalName) {
        if (when.isPresent() && !when.get().holdsFor(claims)) {
            return Optional.empty();
        }
        if (Glob.anyMatches(deny, canonicalName)) {
            return Optional.of(false);
        }
        return Glob.anyMatches(allow, canonicalName) ? Optional.of(true) : Optional.empty();
    }
}
