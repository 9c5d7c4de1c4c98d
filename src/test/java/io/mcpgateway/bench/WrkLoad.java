package io.mcpgateway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external, standard load tool: wrk (Debian's {@code wrk} 4.1, closed loop, {@code --latency}), run against the
 * gateway's {@code POST /tools/call} with a generated Lua script that spreads the calls over the benchmark's sessions.
 * Absent wrk, {@link #find()} is empty and the line is skipped. Its raw output is returned as it printed it.
 */
final class WrkLoad {

    static final String INSTALL_HINT = "apt-get install wrk";
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private WrkLoad() {
    }

    static Optional<Path> find() {
        return Optional.ofNullable(System.getenv("PATH")).stream().flatMap(path -> List.of(path.split(":")).stream())
                .map(dir -> Path.of(dir, "wrk")).filter(Files::isExecutable).findFirst();
    }

    /** Runs wrk with {@code connections} connections for {@code duration}; sessions[i] is called with tokens[i]. */
    static String run(Path wrk, Path directory, String gateway, String[] sessions, String[] tokens, int connections,
                      Duration duration) throws Exception {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local calls = {\n");
        for (int i = 0; i < sessions.length; i++) {
            lua.append("  {\"Bearer ").append(tokens[i]).append("\", '{\"session_id\":\"").append(sessions[i])
                    .append("\",\"name\":\"").append(FastMcpServer.TOOL)
                    .append("\",\"arguments\":{\"text\":\"hello from wrk\"}}'},\n");
        }
        lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  local c = calls[(n % #calls) + 1]\n"
                + "  wrk.headers[\"Authorization\"] = c[1]\n  return wrk.format(nil, \"/tools/call\", nil, c[2])\nend\n");
        Path script = Files.createDirectories(directory.toAbsolutePath()).resolve("wrk-gateway.lua");
        Files.writeString(script, lua);
        Path output = directory.toAbsolutePath().resolve("wrk-gateway.txt");
        Process process = new ProcessBuilder(wrk.toString(), "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--latency", "-s", script.toString(), gateway + "/tools/call")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(Math.max(1, duration.toSeconds()) + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not end; see " + output);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The calls/s wrk reported, or -1. */
    static double requestsPerSecond(String output) {
        Matcher m = REQUESTS_PER_SECOND.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
