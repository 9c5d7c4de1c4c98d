package io.mcpgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpgateway.testing.DefaultSettings;
import io.mcpgateway.upstream.federation.ToolPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md's section on the upstreams file says what {@link UpstreamKey} declares (every key, and the
 * global setting it falls back to), and its complete example is a valid file that behaves as the section says.
 */
class UpstreamsFileReferenceTest {

    private static final String HEADING = "## Several upstreams (MCP_UPSTREAMS_FILE)";
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([^|]*) \\| ([^|]*) \\| ([^|]*) \\|$");

    @TempDir
    Path dir;

    private static String section() throws IOException {
        String docs = Files.readString(Path.of("docs/configuration.md"));
        int start = docs.indexOf(HEADING);
        assertThat(start).as("docs/configuration.md has the section").isNotNegative();
        int end = docs.indexOf("\n## ", start + HEADING.length());
        return docs.substring(start, end < 0 ? docs.length() : end);
    }

    @Test
    void theSectionDocumentsEveryKeyWithWhatItFallsBackTo() throws IOException {
        Map<String, String> leftOut = new LinkedHashMap<>();
        for (String line : section().split("\n")) {
            Matcher row = KEY_ROW.matcher(line);
            if (row.find()) {
                assertThat(leftOut.put(row.group(1), row.group(3).trim())).as("documented once: " + row.group(1))
                        .isNull();
            }
        }
        assertThat(leftOut.keySet()).containsExactly(
                java.util.Arrays.stream(UpstreamKey.values()).map(k -> k.key).toArray(String[]::new));
        for (UpstreamKey key : UpstreamKey.values()) {
            if (key.fallback != null) {
                assertThat(leftOut.get(key.key)).as("fallback of " + key).isEqualTo("`" + key.fallback.env + "`");
            }
        }
    }

    @Test
    void theSectionsExampleIsAValidFileThatBehavesAsDescribed() throws IOException {
        String example = section().split("```yaml\n", 2)[1].split("```", 2)[0];
        for (String file : List.of("tickets-ca.pem", "gateway-client.pem", "gateway-client.key")) {
            example = example.replace("/etc/mcp-gateway/" + file, Files.writeString(dir.resolve(file), "x").toString());
        }
        Map<String, String> environment = Map.of("TICKETS_MCP_TOKEN", "t", "CODE_MCP_TOKEN", "c",
                "TICKETS_MCP_SIGNING_SECRET", "k".repeat(32));
        Map<String, String> settings = DefaultSettings.values();
        settings.put("gateway.api.allowed-origins", "https://api.example.com"); // its policies decide by claims

        UpstreamsFile file = UpstreamsFile.parse(example, GatewaySettings.load(settings::get), environment::get);

        ToolPolicy policy = file.toolPolicy();
        Map<String, Object> both = Map.of("groups", List.of("support", "engineering"));
        Map<String, Object> contractor = Map.of("groups", List.of("contractors", "engineering"));
        assertThat(policy.isVisible(both, "code", "push")).isTrue();
        assertThat(policy.isVisible(Map.of("groups", "support"), "code", "push")).isFalse();
        assertThat(policy.isVisible(contractor, "code", "delete_branch")).isFalse();
        assertThat(policy.isVisible(contractor, "code", "push")).isTrue();
        assertThat(policy.isVisible(both, "tickets", "delete_ticket")).isFalse();
        assertThat(policy.isVisible(Map.of(), "tickets", "search_all")).isFalse();
        assertThat(file.upstreams().get(1).required()).isTrue();
    }
}
