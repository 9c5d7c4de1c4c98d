package io.mcpgateway.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Host patterns from {@code API_ALLOWED_HOSTS}: exact names or addresses ({@code 127.0.0.1}, {@code api.internal})
 * and leading wildcards ({@code *.corp.example}, which matches sub-domains only). Matching is case-insensitive.
 */
public final class HostAllowList {

    private final List<String> patterns;

    private HostAllowList(List<String> patterns) {
        this.patterns = patterns;
    }

    public static HostAllowList parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return new HostAllowList(List.of());
        }
        return new HostAllowList(Arrays.stream(commaSeparated.split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .toList());
    }

    public boolean allows(String host) {
        String candidate = stripBrackets(host).toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? candidate.endsWith(pattern.substring(1)) : candidate.equals(stripBrackets(pattern))) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
