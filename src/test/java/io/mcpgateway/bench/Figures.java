package io.mcpgateway.bench;

import java.time.Duration;

import org.HdrHistogram.Histogram;

/** The figures the targets are about, and the table that sets them against the targets. */
final class Figures {

    Load.Result direct;
    Load.Result gateway;
    Duration gatewayCpuPerCall;
    double pacedRate;
    Load.Result pacedDirect;
    Load.Result pacedGateway;
    double wrk2AddedP50 = Double.NaN;
    double wrk2AddedP99 = Double.NaN;
    double redisThroughputRatio = Double.NaN;
    double redisAddedP50 = Double.NaN;
    double reusedInitServerMicros = Double.NaN;
    double bytesPerIdleSession = Double.NaN;
    Duration startUp;
    Duration startUpWithArchive;
    private final int sessions;

    Figures(int sessions) {
        this.sessions = sessions;
    }

    static String latencyHeader() {
        return "| Line | Calls/s | Errors | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|---|";
    }

    static String latencyRow(String line, Load.Result result) {
        Histogram h = result.latencyMicros();
        return String.format("| %s | %.0f | %d | %s | %s | %s | %s |", line, result.perSecond(), result.errors(),
                Benchmark.ms(h.getValueAtPercentile(50)), Benchmark.ms(h.getValueAtPercentile(90)),
                Benchmark.ms(h.getValueAtPercentile(99)), Benchmark.ms(h.getMaxValue()))
                + (result.firstError() == null ? "" : "\n\nFirst error: " + result.firstError());
    }

    void report(Benchmark out) {
        out.say("## Against the targets (2 cores, full chain on)");
        out.say("");
        out.say("| Target | Measured | |");
        out.say("|---|---|---|");
        double addedP50 = added(50);
        double addedP99 = added(99);
        row(out, "p50 added latency < 1 ms at " + sessions + " sessions (fixed rate " + (long) pacedRate + " calls/s)",
                Benchmark.ms(addedP50), addedP50 < 1000);
        row(out, "p99 added latency < 5 ms (same)", Benchmark.ms(addedP99), addedP99 < 5000);
        if (!Double.isNaN(wrk2AddedP50)) {
            row(out, "the same with wrk2 (external, open loop), warm gateway: p50 added < 1 ms",
                    Benchmark.ms(wrk2AddedP50), wrk2AddedP50 < 1000);
            row(out, "wrk2: p99 added < 5 ms", Benchmark.ms(wrk2AddedP99), wrk2AddedP99 < 5000);
        }
        if (!Double.isNaN(redisThroughputRatio)) {
            row(out, "GATEWAY_STATE=redis: throughput at least 0.8 of the memory store's",
                    String.format("%.2f", redisThroughputRatio), redisThroughputRatio >= 0.8);
            row(out, "GATEWAY_STATE=redis: p50 added under 0.3 ms", Benchmark.ms(redisAddedP50), redisAddedP50 < 300);
        }
        double ratio = gateway.perSecond() / direct.perSecond();
        row(out, "throughput through the gateway >= 1/2 of direct (saturation)",
                String.format("%.2f (%.0f vs %.0f calls/s)", ratio, gateway.perSecond(), direct.perSecond()), ratio >= 0.5);
        row(out, "reused-session /init < 0.5 ms server time", String.format("%.0f µs (mean)", reusedInitServerMicros),
                reusedInitServerMicros < 500);
        row(out, "< 2 KB heap per idle session", Double.isNaN(bytesPerIdleSession) ? "not measured"
                : String.format("%.0f bytes", bytesPerIdleSession), bytesPerIdleSession < 2048);
        row(out, "ready in < 2 s", startUp == null ? "not measured" : startUp.toMillis() + " ms (median)",
                startUp != null && startUp.toMillis() < 2000);
        if (startUpWithArchive != null) {
            row(out, "ready in < 2 s, with an AppCDS archive", startUpWithArchive.toMillis() + " ms (median)",
                    startUpWithArchive.toMillis() < 2000);
        }
        out.say("");
        out.say(String.format("Not a target, for the record: saturated p50 %s direct vs %s through the gateway;"
                        + " gateway CPU %.0f µs per call.", Benchmark.ms(direct.latencyMicros().getValueAtPercentile(50)),
                Benchmark.ms(gateway.latencyMicros().getValueAtPercentile(50)), gatewayCpuPerCall.toNanos() / 1e3));
    }

    private double added(double percentile) {
        return pacedGateway.latencyMicros().getValueAtPercentile(percentile)
                - pacedDirect.latencyMicros().getValueAtPercentile(percentile);
    }

    private static void row(Benchmark out, String target, String measured, boolean met) {
        out.say("| " + target + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }
}
