package io.mcpgateway.testing;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official TypeScript client SDK, run by {@link McpClientSdk}, against the conformance fixture (an MCP Java SDK
 * legacy-era server): what a later test needs of the harness works directly, so that a failure through the gateway
 * is the gateway's.
 */
class McpClientSdkIT {

    private static ConformanceFixtureServer fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ConformanceFixtureServer();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theLegacyEraConnectsListsCallsWithProgressAndCloses() {
        JsonNode run = McpClientSdk.run(URI.create(fixture.url()), null, "legacy", List.of("list",
                "call test_simple_text {}", "call test_tool_with_progress {}", "close"));
        JsonNode steps = run.get("steps");

        assertThat(run.path("sdk").path("version").asText()).isEqualTo("2.4.0");
        JsonNode connect = steps.get(0);
        assertThat(connect.path("ok").asBoolean()).as("%s", connect).isTrue();
        assertThat(connect.path("protocolEra").asText()).isEqualTo("legacy");
        assertThat(connect.path("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(connect.path("sessionId").asBoolean()).isTrue();
        assertThat(connect.path("serverInfo").path("name").asText()).isEqualTo("mcp-gateway-conformance-fixture");
        assertThat(connect.path("capabilities").has("tools")).isTrue();

        JsonNode list = steps.get(1);
        assertThat(list.path("ok").asBoolean()).as("%s", list).isTrue();
        assertThat(list.path("tools").toString()).contains("\"test_simple_text\"", "\"test_tool_with_progress\"");

        JsonNode simple = steps.get(2);
        assertThat(simple.path("ok").asBoolean()).as("%s", simple).isTrue();
        assertThat(simple.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("This is a simple text response for testing.");

        JsonNode progress = steps.get(3);
        assertThat(progress.path("ok").asBoolean()).as("%s", progress).isTrue();
        assertThat(progress.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("Done, with progress reported.");
        JsonNode events = progress.get("progress");
        assertThat(events).hasSize(3);
        assertThat(events.get(2).path("progress").asDouble()).isEqualTo(100.0);
        assertThat(events.get(2).path("total").asDouble()).isEqualTo(100.0);
        // Each notification arrived while the call ran, before its result
        double previous = progress.path("startedAt").asDouble();
        for (JsonNode event : events) {
            assertThat(event.path("at").asDouble()).isGreaterThanOrEqualTo(previous);
            previous = event.path("at").asDouble();
        }
        assertThat(progress.path("at").asDouble()).isGreaterThan(previous);

        JsonNode close = steps.get(4);
        assertThat(close.path("ok").asBoolean()).as("%s", close).isTrue();
        assertThat(close.path("sessionIdBefore").asBoolean()).isTrue();
        assertThat(close.path("sessionIdAfter").asBoolean()).isFalse();
    }

    @Test
    void aReconnectGetsANewSessionAndAStepAfterCloseFailsInTheDocument() {
        JsonNode steps = McpClientSdk.run(URI.create(fixture.url()), "not-a-real-token", "legacy",
                List.of("reconnect", "list", "close", "list")).get("steps");

        JsonNode reconnect = steps.get(1);
        assertThat(reconnect.path("ok").asBoolean()).as("%s", reconnect).isTrue();
        assertThat(reconnect.path("sessionId").asBoolean()).isTrue();
        assertThat(reconnect.path("sameSession").asBoolean()).isFalse();
        assertThat(steps.get(2).path("ok").asBoolean()).isTrue();
        assertThat(steps.get(3).path("ok").asBoolean()).isTrue();
        JsonNode afterClose = steps.get(4);
        assertThat(afterClose.path("ok").asBoolean()).isFalse();
        assertThat(afterClose.path("error").path("code").asText()).isEqualTo("NOT_CONNECTED");
    }

    /**
     * What the SDK's other modes do against a server of the legacy era only: recorded, not forced. {@code auto}
     * probes with server/discover and falls back to initialize; the pinned modern era fails with the SDK's
     * {@code ERA_NEGOTIATION_FAILED} instead of falling back.
     */
    @Test
    void theOtherErasAgainstALegacyServer() {
        JsonNode auto = McpClientSdk.run(URI.create(fixture.url()), null, "auto", List.of("list", "close"));
        JsonNode modern = McpClientSdk.run(URI.create(fixture.url()), null, "modern", List.of("list"));
        System.out.println("auto against the legacy fixture: " + auto.get("steps"));
        System.out.println("modern against the legacy fixture: " + modern.get("steps"));

        JsonNode autoConnect = auto.get("steps").get(0);
        assertThat(autoConnect.path("ok").asBoolean()).as("%s", autoConnect).isTrue();
        assertThat(autoConnect.path("protocolEra").asText()).isEqualTo("legacy");
        assertThat(auto.get("steps").get(1).path("ok").asBoolean()).isTrue();

        JsonNode modernConnect = modern.get("steps").get(0);
        assertThat(modernConnect.path("ok").asBoolean()).as("%s", modernConnect).isFalse();
        assertThat(modernConnect.path("error").path("code").asText()).isEqualTo("ERA_NEGOTIATION_FAILED");
        assertThat(modern.get("steps").get(1).path("error").path("code").asText()).isEqualTo("NOT_CONNECTED");
    }
}
