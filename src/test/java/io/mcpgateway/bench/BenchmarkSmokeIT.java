package io.mcpgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark tool in a few seconds (the packaged jar as its own process, a handful of calls per phase): it runs end
 * to end and produces its figures. Nothing here judges a figure; docs/performance.md has the real runs.
 */
class BenchmarkSmokeIT {

    @Test
    void theBenchmarkProducesItsFigures() throws Exception {
        Path out = Path.of("target/benchmark-smoke");
        Benchmark.Options options = new Benchmark.Options("benchmark", 4, Duration.ofSeconds(1), Duration.ofSeconds(1),
                List.of(50), 0, false, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), out);

        assertThat(Benchmark.run(options)).isZero();

        String results = Files.readString(out.resolve("results.md"));
        assertThat(results).contains("Upstream refusals (bearer or signature) so far: 0", "(the same)",
                "| direct to the upstream |", "| through the gateway |", "## nginx hop", "## wrk (external", "## Throughput through the gateway from its start", "0s: ", "Server time (mcp_gateway_request_duration",
                "Execution samples:", "| 54 |", "## wrk2 (external", "| Redis, saturation |", "scripts run (EVALSHA)",
                "## Against the targets");
        assertThat(results).doesNotContain("Usage: wrk", "wrk: -1 calls/s", "Non-2xx");
        assertThat(out.resolve("profile.txt")).exists();
    }
}
