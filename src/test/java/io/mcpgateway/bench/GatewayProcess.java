package io.mcpgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.PackagedJar;

/**
 * The gateway as production runs it: the packaged jar ({@code java -jar target/mcp-gateway.jar}, or the build that
 * {@code -Dbench.jar} names; default JVM options)
 * in a process of its own, so that its CPU time, heap and threads are its own and not the load generator's or the
 * upstream's. Read from outside: the management port (readiness, metrics), {@code /proc} through
 * {@link ProcessHandle}, and {@code jcmd} (heap after a full GC, flight recordings).
 */
final class GatewayProcess implements AutoCloseable {

    private final PackagedJar jar;
    private final int port;
    private final int managementPort;
    private final Duration startUp;

    private GatewayProcess(PackagedJar jar, int port, int managementPort, Duration startUp) {
        this.jar = jar;
        this.port = port;
        this.managementPort = managementPort;
        this.startUp = startUp;
    }

    /** Starts the jar with the environment and waits until readiness answers 200 (at most a minute). */
    static GatewayProcess start(Map<String, String> environment) throws IOException, InterruptedException {
        int port = GatewayTestSupport.freePort();
        int managementPort = GatewayTestSupport.freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("GATEWAY_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        long started = System.nanoTime();
        PackagedJar jar = PackagedJar.start(Path.of(System.getProperty("bench.jar", "target/mcp-gateway.jar")), env);
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready");
        while (status(ready) != 200) {
            if (!jar.process().isAlive() || System.nanoTime() - started > Duration.ofMinutes(1).toNanos()) {
                String output = jar.output();
                jar.close();
                throw new IllegalStateException("The gateway did not become ready:\n" + output);
            }
            Thread.sleep(10);
        }
        return new GatewayProcess(jar, port, managementPort, Duration.ofNanos(System.nanoTime() - started));
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            try (InputStream ignored = connection.getInputStream()) {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** From the process start to the first 200 of {@code /observe/health/ready}. */
    Duration startUp() {
        return startUp;
    }

    long pid() {
        return jar.process().pid();
    }

    /** CPU time (user + system) the process has used so far. */
    Duration cpuTime() {
        return jar.process().toHandle().info().totalCpuDuration().orElseThrow();
    }

    /** Live threads of the process, from {@code /proc/<pid>/status}. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        throw new IllegalStateException("no thread count for " + pid());
    }

    /** Live threads by name, digits left out (so a pool's threads form one group), from {@code /proc/<pid>/task}. */
    Map<String, Integer> threadGroups() throws IOException {
        Map<String, Integer> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    groups.merge(Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#"), 1, Integer::sum);
                } catch (IOException e) {
                    // the thread ended while listing
                }
            }
        }
        return groups;
    }

    /** The Prometheus text of the management port. */
    String metrics() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort
                + "/observe/metrics").toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    /** The sum of the samples named exactly {@code name} whose labels contain every given {@code key="value"} text. */
    static double metric(String prometheusText, String name, String... labels) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * Live heap by class after a full collection ({@code jcmd GC.class_histogram}, which collects first), in bytes;
     * the key {@code "Total"} holds the whole live heap.
     */
    Map<String, Long> liveHeap() throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                bytes.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
            } else if (fields.length == 3 && fields[0].equals("Total")) {
                bytes.put("Total", Long.parseLong(fields[2]));
            }
        }
        if (!bytes.containsKey("Total")) {
            throw new IllegalStateException("no heap histogram from jcmd");
        }
        return bytes;
    }

    /** Runs a diagnostic command in the gateway process and returns its output. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Where the gateway's standard output (operator log and audit stream) is kept. */
    Path stdoutFile() {
        return jar.stdoutFile();
    }

    @Override
    public void close() {
        try {
            jar.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
