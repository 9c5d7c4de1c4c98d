package io.mcpgateway.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

/**
 * The tools of the built-in demo MCP server, which the integration tests' server offers too: {@code echo} (its text
 * back), {@code add} (a sum, as text and structured content), {@code slow} (a progress notification per step, then a
 * result) and {@code fail} (an error result, {@code isError: true}).
 */
public final class DemoTools {

    static final int SLOW_DEFAULT_STEPS = 3;
    static final int SLOW_MAX_STEPS = 10;
    /** Long enough for progress to be worth reporting, short enough that the longest call takes 2.5 s. */
    static final Duration SLOW_STEP = Duration.ofMillis(250);

    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private DemoTools() {
    }

    /**
     * An MCP server offering the demo tools through the transport. The SDK checks every call's arguments against the
     * tool's inputSchema before the tool runs, so the handlers below trust their types and bounds.
     */
    public static McpSyncServer server(McpStreamableServerTransportProvider transport, String name) {
        return McpServer.sync(transport)
                .serverInfo(name, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).logging().build())
                .validateToolInputs(true)
                .tools(echo(), add(), slow(), fail())
                .build();
    }

    private static SyncToolSpecification echo() {
        return tool("echo", "Returns its text unchanged.", """
                {"type":"object","properties":{"text":{"type":"string","description":"what to echo"}},
                 "required":["text"],"additionalProperties":false}""", null,
                (exchange, call) -> CallToolResult.builder()
                        .addTextContent((String) call.arguments().get("text")).build());
    }

    private static SyncToolSpecification add() {
        return tool("add", "Adds two numbers; the sum comes as text and as structured content.", """
                {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                 "required":["a","b"],"additionalProperties":false}""", """
                {"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""",
                (exchange, call) -> {
                    double a = ((Number) call.arguments().get("a")).doubleValue();
                    double b = ((Number) call.arguments().get("b")).doubleValue();
                    if (!Double.isFinite(a + b)) {
                        // 1e308 + 1e308, or a 400-digit integer: neither text nor JSON can carry the sum
                        return CallToolResult.builder().addTextContent("the sum is out of range").isError(true).build();
                    }
                    return CallToolResult.builder().addTextContent(plain(a) + " + " + plain(b) + " = " + plain(a + b))
                            .structuredContent(Map.of("sum", a + b)).build();
                });
    }

    private static SyncToolSpecification slow() {
        return tool("slow", "Works for a few steps, reporting progress after each, then answers.", """
                {"type":"object","properties":{"steps":{"type":"integer","minimum":1,"maximum":%d,"default":%d,
                 "description":"how many steps of %d ms"}},"additionalProperties":false}"""
                        .formatted(SLOW_MAX_STEPS, SLOW_DEFAULT_STEPS, SLOW_STEP.toMillis()), null,
                (exchange, call) -> {
                    int steps = ((Number) call.arguments().getOrDefault("steps", SLOW_DEFAULT_STEPS)).intValue();
                    Object progressToken = call.meta() == null ? null : call.meta().get("progressToken");
                    for (int step = 1; step <= steps; step++) {
                        pause();
                        if (progressToken != null) {
                            exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, step,
                                    (double) steps, "step " + step + " of " + steps));
                        }
                    }
                    return CallToolResult.builder().addTextContent("done after " + steps + " steps").build();
                });
    }

    private static SyncToolSpecification fail() {
        return tool("fail", "Always fails: shows what an error result looks like.", """
                {"type":"object","properties":{},"additionalProperties":false}""", null,
                (exchange, call) -> CallToolResult.builder()
                        .addTextContent("the fail tool always fails (an error result, not a protocol error)")
                        .isError(true).build());
    }

    private static SyncToolSpecification tool(String name, String description, String inputSchema, String outputSchema,
                                              BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        McpSchema.Tool.Builder tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(JSON, inputSchema);
        if (outputSchema != null) {
            tool.outputSchema(JSON, outputSchema);
        }
        return SyncToolSpecification.builder().tool(tool.build()).callHandler(handler).build();
    }

    /** 5 rather than 5.0, 2.5 as it is. */
    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    private static void pause() {
        try {
            Thread.sleep(SLOW_STEP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
