package io.mcpgateway.testing;

import java.util.Map;

import io.mcpgateway.testing.ConformanceSuite.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance fixture is what the official MCP conformance suite expects of a server: every server scenario of
 * the pinned suite that can apply to it passes against it directly. The gateway's own conformance test puts the
 * gateway in front of this fixture and runs the same suite, so that a scenario failing there is the gateway's doing.
 */
class ConformanceFixtureServerIT {

    /** Every server scenario of the pinned version (0.1.16), pending ones included: an upgrade deserves a look. */
    private static final int SCENARIOS = 32;

    /** The scenarios that cannot pass against the fixture, with why. Each must still be run, and still not pass. */
    private static final Map<String, String> NOT_APPLICABLE = Map.of(
            // SEP-1699 (pending in the suite): the server sends an SSE priming event with an id and a retry field,
            // closes the stream mid-call and resumes it on Last-Event-ID. The Java SDK 2.1.0 transport does none of
            // that (no event store, no resumability), so every check only warns and none succeeds.
            "server-sse-polling", "SSE resumability is not in the MCP Java SDK 2.1.0 transport");

    @Test
    void theFixturePassesEveryServerScenarioThatCanApply() throws Exception {
        Map<String, Outcome> outcomes;
        try (ConformanceFixtureServer fixture = new ConformanceFixtureServer()) {
            outcomes = ConformanceSuite.run(fixture.url());
        }

        assertThat(outcomes).hasSize(SCENARIOS).containsKeys(NOT_APPLICABLE.keySet().toArray(String[]::new));
        assertThat(outcomes).allSatisfy((scenario, outcome) -> assertThat(outcome.passed())
                .as("%s %s%s", scenario, outcome, NOT_APPLICABLE.containsKey(scenario)
                        ? " (listed as not applicable: " + NOT_APPLICABLE.get(scenario) + ")" : "")
                .isEqualTo(!NOT_APPLICABLE.containsKey(scenario)));
    }

    /** The suite's verdicts are read, not assumed: a real MCP server without the fixtures fails their scenarios. */
    @Test
    void aServerWithoutTheFixturesFailsTheirScenarios() throws Exception {
        Map<String, Outcome> outcomes;
        try (McpTestServer demo = new McpTestServer(null)) {
            outcomes = ConformanceSuite.run(demo.url("http"));
        }

        assertThat(outcomes).hasSize(SCENARIOS);
        assertThat(outcomes.get("ping").passed()).isTrue();
        assertThat(outcomes.get("tools-call-simple-text").passed()).isFalse();
        assertThat(outcomes.get("tools-call-simple-text").message()).startsWith("failed ToolsCallSimpleText (");
        assertThat(outcomes.get("prompts-get-simple").passed()).isFalse();
    }
}
