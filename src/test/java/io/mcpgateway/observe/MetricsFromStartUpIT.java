package io.mcpgateway.observe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpgateway.testing.GatewayTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A freshly started gateway, before its first request: every metric docs/operations.md documents is already
 * scraped, and the series of rare events whose labels are known (refusals by limit, circuit transitions, retries,
 * refused signatures, evictions) are there at zero, so that dashboards and alerts see their first event.
 */
class MetricsFromStartUpIT extends GatewayTestSupport {

    /** The series each rare-event metric has from start-up: exactly these, each at zero. */
    private static final Map<String, List<String>> AT_ZERO = Map.of(
            "mcp_gateway_throttle_rejections_total", List.of(
                    "{limit=\"rate\",route=\"init-session\"}", "{limit=\"sessions\",route=\"init-session\"}",
                    "{limit=\"rate\",route=\"list-tools\"}", "{limit=\"concurrency\",route=\"list-tools\"}",
                    "{limit=\"rate\",route=\"call-tool\"}", "{limit=\"concurrency\",route=\"call-tool\"}"),
            "mcp_gateway_circuit_transitions_total", List.of(
                    "{from=\"closed\",to=\"open\",upstream=\"default\"}",
                    "{from=\"open\",to=\"half_open\",upstream=\"default\"}",
                    "{from=\"half_open\",to=\"closed\",upstream=\"default\"}",
                    "{from=\"half_open\",to=\"open\",upstream=\"default\"}"),
            "mcp_gateway_upstream_retries_total", List.of(
                    "{method=\"server/discover\",upstream=\"default\"}", "{method=\"initialize\",upstream=\"default\"}",
                    "{method=\"notifications/initialized\",upstream=\"default\"}",
                    "{method=\"tools/list\",upstream=\"default\"}", "{method=\"tools/call\",upstream=\"default\"}"),
            "mcp_gateway_signature_failures_total", List.of("{status=\"401\",upstream=\"default\"}",
                    "{status=\"403\",upstream=\"default\"}"),
            "mcp_gateway_sessions_evicted_total", List.of(""));

    private static final Pattern DOCUMENTED_METRIC = Pattern.compile("^\\| `(mcp_gateway_[a-z_]+)`", Pattern.MULTILINE);

    /** The scrape's samples, by series (name and labels), before any request. */
    private Map<String, Double> scrape() {
        Map<String, Double> samples = new LinkedHashMap<>();
        getManagement("/observe/metrics").body().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }

    @Test
    void everyDocumentedMetricIsScrapedBeforeTheFirstRequest() throws Exception {
        Matcher documented = DOCUMENTED_METRIC.matcher(Files.readString(Path.of("docs/operations.md")));
        String metrics = getManagement("/observe/metrics").body();
        int count = 0;
        while (documented.find()) {
            count++;
            assertThat(metrics).as(documented.group(1)).containsPattern("(?m)^# TYPE " + documented.group(1) + " ");
        }
        assertThat(count).as("metrics documented in operations.md").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theSeriesOfRareEventsExistAtZeroWithExactlyTheirKnownLabels() {
        Map<String, Double> samples = scrape();

        AT_ZERO.forEach((metric, labelSets) -> {
            assertThat(samples.keySet().stream().filter(series -> series.equals(metric) || series.startsWith(metric + "{")))
                    .as(metric).containsExactlyInAnyOrderElementsOf(labelSets.stream().map(labels -> metric + labels).toList());
            labelSets.forEach(labels -> assertThat(samples.get(metric + labels)).as(metric + labels).isZero());
        });
    }

    @Test
    void theRoutesLabelledAtZeroAreTheGatewaysRouteIds() {
        Pattern route = Pattern.compile("route=\"([^\"]+)\"");
        scrape().keySet().stream().filter(series -> series.startsWith("mcp_gateway_")).map(route::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).distinct()
                .forEach(id -> assertThat(context.getRoute(id)).as("route " + id).isNotNull());
    }
}
