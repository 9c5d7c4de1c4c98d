package io.mcpgateway.upstream.federation;

import java.util.List;

/**
 * A tool-name pattern where {@code *} stands for any run of characters (none included) and every other character for
 * itself, anchored at both ends. Matched without regular expressions, in time bounded by the two lengths, so a pattern
 * from a file cannot make matching slow.
 */
public record Glob(String pattern) {

    public Glob {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
    }

    public boolean matches(String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    static boolean anyMatches(List<Glob> globs, String name) {
        return globs.stream().anyMatch(g -> g.matches(name));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
