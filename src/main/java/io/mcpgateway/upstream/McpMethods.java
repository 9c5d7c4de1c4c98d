package io.mcpgateway.upstream;

import java.util.List;

/**
 * The MCP methods the gateway itself sends upstream, spelled once: they are the {@code method} label of the upstream
 * metrics, whose series exist from start-up for each of them. (Route templates for other Camel applications may send
 * others.)
 */
public final class McpMethods {

    public static final String DISCOVER = "server/discover";
    public static final String INITIALIZE = "initialize";
    public static final String INITIALIZED = "notifications/initialized";
    public static final String LIST_TOOLS = "tools/list";
    public static final String CALL_TOOL = "tools/call";

    public static final List<String> SENT_BY_THE_GATEWAY = List.of(DISCOVER, INITIALIZE, INITIALIZED, LIST_TOOLS, CALL_TOOL);

    private McpMethods() {
    }
}
