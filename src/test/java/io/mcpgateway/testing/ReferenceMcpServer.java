package io.mcpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The reference MCP server, {@code @modelcontextprotocol/server-everything}, in Streamable HTTP mode on a loopback
 * port, as its own Node process. The version is pinned by {@code src/test/node/package-lock.json}, which {@code mvn
 * verify} installs ({@code npm ci}, pre-integration-test). Its output goes to a file under {@code target/} per run, so
 * that a test can count what it did and a failure can be read.
 */
public final class ReferenceMcpServer implements AutoCloseable {

    private static final Path PEERS = Path.of("src/test/node");
    private static final Path ENTRY = PEERS.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    /** What the server prints once per successful {@code initialize}, with the session id it gave. */
    private static final String SESSION_INITIALIZED = "Session initialized with ID";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final int port = GatewayTestSupport.freePort();
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    public ReferenceMcpServer() {
        if (!Files.isRegularFile(ENTRY)) {
            throw new IllegalStateException("The reference MCP server is not installed: run mvn verify (npm ci in "
                    + PEERS + ")");
        }
        start();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** Stops the server and starts it again on the same port: it then knows none of the sessions it gave out. */
    public void restart() {
        stop();
        start();
    }

    /** How many sessions it opened ({@code initialize} answered), over every run. */
    public long sessionsInitialized() {
        long count = 0;
        for (Path log : logs) {
            try {
                count += Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.contains(SESSION_INITIALIZED)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    private void start() {
        Path log = Path.of("target", "reference-mcp-server-" + port + "-run" + (logs.size() + 1) + ".log");
        logs.add(log);
        // loopback-only.cjs keeps it on 127.0.0.1: on its own it listens on every interface
        ProcessBuilder command = new ProcessBuilder("node", "--require",
                PEERS.resolve("loopback-only.cjs").toAbsolutePath().toString(), ENTRY.toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("PORT", String.valueOf(port));
        try {
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node 20+ must be on the PATH)", e);
        }
        await("the reference MCP server listening (" + log + ")").atMost(START_LIMIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the reference MCP server exited; see " + log);
                    }
                    return listening();
                });
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
