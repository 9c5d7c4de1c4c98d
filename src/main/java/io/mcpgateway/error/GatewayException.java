package io.mcpgateway.error;

/**
 * A failure whose caller-facing answer is already decided: a catalog entry, a safe, fixed message, and what the
 * entry's headers need (how long to wait before retrying, which method the endpoint takes). Stack traces are not
 * filled in: these are expected outcomes, not bugs, and must stay cheap.
 */
public class GatewayException extends RuntimeException implements CatalogFailure {

    private final ErrorType type;
    private final Integer retryAfterSeconds;
    private final String allow;

    public GatewayException(ErrorType type, String safeMessage) {
        this(type, safeMessage, null, null);
    }

    /** A refusal of a kind of its own that the caller may retry after the given wait. */
    protected GatewayException(ErrorType type, String safeMessage, int retryAfterSeconds) {
        this(type, safeMessage, Math.max(1, retryAfterSeconds), null);
    }

    private GatewayException(ErrorType type, String safeMessage, Integer retryAfterSeconds, String allow) {
        super(safeMessage, null, false, false);
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
        this.allow = allow;
    }

    /** A refusal the caller may retry after the given wait (a 429 or 503: {@code Retry-After}). */
    public static GatewayException retryAfter(ErrorType type, String safeMessage, long seconds) {
        return new GatewayException(type, safeMessage, (int) Math.max(1, Math.min(seconds, Integer.MAX_VALUE)), null);
    }

    /** A 405 naming the method the endpoint takes ({@code Allow}). */
    public static GatewayException methodNotAllowed(String allowedMethod) {
        return new GatewayException(ErrorType.METHOD_NOT_ALLOWED, "Method not allowed; use " + allowedMethod, null,
                allowedMethod);
    }

    @Override
    public ErrorType type() {
        return type;
    }

    @Override
    public String safeMessage() {
        return getMessage();
    }

    @Override
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String allow() {
        return allow;
    }
}
