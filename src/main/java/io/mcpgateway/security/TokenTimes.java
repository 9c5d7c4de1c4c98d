package io.mcpgateway.security;

/**
 * The time claims of a caller's JWT ({@code nbf}, {@code exp}, in epoch seconds; null when absent), kept with the
 * session so that every later request can judge the token again: a session lives no longer than its token.
 */
public record TokenTimes(Long notBefore, Long expiresAt) {

    public static final TokenTimes NONE = new TokenTimes(null, null);

    /** Tolerated clock difference between the token issuer and this gateway. */
    static final long CLOCK_SKEW_SECONDS = 30;

    public boolean expiredAt(long epochSecond) {
        return expiresAt != null && expiresAt < epochSecond - CLOCK_SKEW_SECONDS;
    }

    public boolean notYetValidAt(long epochSecond) {
        return notBefore != null && notBefore > epochSecond + CLOCK_SKEW_SECONDS;
    }
}
