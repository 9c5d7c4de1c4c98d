package io.mcpgateway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpgateway.testing.ModernMcpServer;

/**
 * External, standard load tools against the gateway's {@code POST /tools/call}, with a generated Lua script that
 * spreads the calls over the benchmark's sessions: wrk (Debian's {@code wrk} 4.1, closed loop, {@code --latency}) and
 * wrk2 (its fixed-rate fork, open loop, latency corrected for coordinated omission; not packaged for Debian, found
 * on the PATH as {@code wrk2}). Absent a tool, its {@code find} is empty and the line is skipped. The raw output is
 * returned as the tool printed it.
 */
final class WrkLoad {

    static final String INSTALL_HINT = "apt-get install wrk";
    static final String WRK2_INSTALL_HINT = "build https://github.com/giltene/wrk2 with make (needs libssl-dev) and put"
            + " its wrk on the PATH as wrk2";
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern CORRECTED_PERCENTILE = Pattern.compile(
            "^\\s*([0-9.]+)%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);

    private WrkLoad() {
    }

    static Optional<Path> find() {
        return onPath("wrk");
    }

    static Optional<Path> findWrk2() {
        return onPath("wrk2");
    }

    private static Optional<Path> onPath(String name) {
        return Optional.ofNullable(System.getenv("PATH")).stream().flatMap(path -> List.of(path.split(":")).stream())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    /** Runs wrk with {@code connections} connections for {@code duration}; sessions[i] is called with tokens[i]. */
    static String run(Path wrk, Path directory, String gateway, String[] sessions, String[] tokens, int connections,
                      Duration duration) throws Exception {
        return run(wrk, "wrk-gateway", List.of(), directory, gateway, sessions, tokens, connections, duration);
    }

    /** Runs wrk2 at {@code rate} calls/s in all (open loop), as {@link #run} runs wrk; {@code name} names its files. */
    static String runAtRate(Path wrk2, String name, Path directory, String gateway, String[] sessions, String[] tokens,
                            int connections, Duration duration, double rate) throws Exception {
        return run(wrk2, name, List.of("-R" + Math.round(rate)), directory, gateway, sessions, tokens, connections,
                duration);
    }

    private static String run(Path tool, String name, List<String> extra, Path directory, String gateway,
                              String[] sessions, String[] tokens, int connections, Duration duration) throws Exception {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local calls = {\n");
        for (int i = 0; i < sessions.length; i++) {
            lua.append("  {\"Bearer ").append(tokens[i]).append("\", '{\"session_id\":\"").append(sessions[i])
                    .append("\",\"name\":\"").append(ModernMcpServer.Tool.ECHO.name())
                    .append("\",\"arguments\":{\"text\":\"hello from wrk\"}}'},\n");
        }
        lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  local c = calls[(n % #calls) + 1]\n"
                + "  wrk.headers[\"Authorization\"] = c[1]\n  return wrk.format(nil, \"/tools/call\", nil, c[2])\nend\n");
        Path script = Files.createDirectories(directory.toAbsolutePath()).resolve(name + ".lua");
        Files.writeString(script, lua);
        Path output = directory.toAbsolutePath().resolve(name + ".txt");
        List<String> command = new ArrayList<>(List.of(tool.toString(), "-t" + Math.min(2, connections),
                "-c" + connections, "-d" + Math.max(1, duration.toSeconds()) + "s"));
        command.addAll(extra);
        command.addAll(List.of("--latency", "-s", script.toString(), gateway + "/tools/call"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(Math.max(1, duration.toSeconds()) + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(tool.getFileName() + " did not end; see " + output);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The calls/s wrk reported, or -1. */
    static double requestsPerSecond(String output) {
        Matcher m = REQUESTS_PER_SECOND.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /**
     * A percentile of wrk2's corrected distribution ("Latency Distribution (HdrHistogram - Recorded Latency)", the
     * first one it prints), in microseconds, or -1.
     */
    static long correctedPercentileMicros(String output, double percentile) {
        Matcher m = CORRECTED_PERCENTILE.matcher(output);
        while (m.find()) {
            if (Math.abs(Double.parseDouble(m.group(1)) - percentile) < 1e-9) {
                double value = Double.parseDouble(m.group(2));
                return Math.round(switch (m.group(3)) {
                    case "us" -> value;
                    case "ms" -> value * 1e3;
                    case "s" -> value * 1e6;
                    default -> value * 60e6;
                });
            }
        }
        return -1;
    }
}
