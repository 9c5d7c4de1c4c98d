package io.mcpgateway.upstream.federation;

/**
 * A tool under the name the gateway's callers see.
 *
 * @param rewritten the name is not simply the (prefixed) original: characters were replaced or it was cut, and it
 *                  ends in a hash suffix; the caller should then name the origin in the tool's {@code _meta}
 */
public record ExposedTool(String name, ToolRef origin, boolean rewritten) {
}
