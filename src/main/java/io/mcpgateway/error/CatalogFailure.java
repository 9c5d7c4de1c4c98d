package io.mcpgateway.error;

/**
 * A failure that knows its catalog answer. {@link GatewayException} is the usual one; an exception that must keep
 * another type (an {@code IOException} the HTTP client and the retry rule judge as such) implements this instead.
 */
public interface CatalogFailure {

    ErrorType type();

    /** Fixed text, safe for the caller and the operator's log. */
    String safeMessage();

    /** Seconds for {@code Retry-After}, or null for the catalog's default. */
    default Integer retryAfterSeconds() {
        return null;
    }

    /** The method for {@code Allow}, or null. */
    default String allow() {
        return null;
    }
}
