package io.mcpgateway.upstream.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which principal sees which tool. A tool is visible when its upstream's own filter lets its original name through
 * and the policy lets its canonical name {@code {upstream}__{tool}} (the original tool name) through: the first rule
 * that speaks about the name decides, else the default. The canonical name, not the exposed one, so that a rule means
 * the same whether names are prefixed or not (a reload from several upstreams to one changes the exposed names) and
 * whether or not a name had to be rewritten to fit. A tool that is not visible is absent from lists and answers like
 * an unknown tool.
 */
public final class ToolPolicy {

    private final Map<String, ToolFilter> filtersByUpstream;
    private final List<PolicyRule> rules;
    private final boolean allowByDefault;

    /** @param filtersByUpstream every configured upstream's filter; an upstream not named here sees nothing */
    public ToolPolicy(Map<String, ToolFilter> filtersByUpstream, List<PolicyRule> rules, boolean allowByDefault) {
        this.filtersByUpstream = Map.copyOf(filtersByUpstream);
        this.rules = List.copyOf(rules);
        this.allowByDefault = allowByDefault;
    }

    /** @param claims the session's JWT claims: strings, numbers, lists */
    public boolean isVisible(Map<String, Object> claims, String upstream, String originalTool) {
        ToolFilter filter = filtersByUpstream.get(upstream);
        if (filter == null || !filter.passes(originalTool)) {
            return false;
        }
        String canonical = upstream + ToolNames.SEPARATOR + originalTool;
        for (PolicyRule rule : rules) {
            Optional<Boolean> verdict = rule.verdict(claims, canonical);
            if (verdict.isPresent()) {
                return verdict.get();
            }
        }
        return allowByDefault;
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    public boolean allowByDefault() {
        return allowByDefault;
    }
}
