package io.mcpgateway.upstream.federation;

import java.util.Collection;
import java.util.Map;

/**
 * {@code when: {claim, contains}}: the session's JWT claim is a string equal to the value, or an array holding that
 * string. Only strings compare: a number or a nested object never matches, so that {@code 1} and {@code "1.0"} cannot
 * be confused.
 */
public record ClaimCondition(String claim, String contains) {

    public ClaimCondition {
        if (claim == null || claim.isEmpty() || contains == null) {
            throw new IllegalArgumentException("a claim condition needs a claim and a value");
        }
    }

    public boolean holdsFor(Map<String, Object> claims) {
        Object value = claims.get(claim);
        if (value instanceof String text) {
            return text.equals(contains);
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(contains::equals);
        }
        return false;
    }
}
