package io.mcpgateway.upstream.federation;

import java.util.List;

/**
 * An upstream's own {@code tools: {allow, deny}}, applied to the tool names the upstream gives (before any prefix).
 * Deny wins over allow; an empty allow list lets every tool through.
 */
public record ToolFilter(List<Glob> allow, List<Glob> deny) {

    /** Every tool passes: no {@code tools} key. */
    public static final ToolFilter ALL = new ToolFilter(List.of(), List.of());

    public ToolFilter {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean passes(String originalTool) {
        if (Glob.anyMatches(deny, originalTool)) {
            return false;
        }
        return allow.isEmpty() || Glob.anyMatches(allow, originalTool);
    }
}
