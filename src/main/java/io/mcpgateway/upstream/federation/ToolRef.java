package io.mcpgateway.upstream.federation;

/** A tool as its upstream names it. */
public record ToolRef(String upstream, String tool) {
}
