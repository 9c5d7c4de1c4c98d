package io.mcpgateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One gateway replica: the packaged jar as its own process on a port of its own (and a management port), started and
 * waited for until ready, killed without warning or stopped, and started again on the same ports.
 */
public final class GatewayReplica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> environment;
    private final int port = GatewayTestSupport.freePort();
    private final int managementPort = GatewayTestSupport.freePort();
    private PackagedJar jar;

    public GatewayReplica(String name, Map<String, String> environment) {
        this.name = name;
        this.environment = new HashMap<>(environment);
        this.environment.put("GATEWAY_PORT", Integer.toString(port));
        this.environment.put("MANAGEMENT_PORT", Integer.toString(managementPort));
    }

    /** Starts the jar and waits until its readiness is UP (or fails with its output). */
    public GatewayReplica start() throws Exception {
        jar = PackagedJar.start(environment);
        Instant deadline = Instant.now().plusSeconds(60);
        while (readiness() != 200) {
            if (!jar.process().isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Replica " + name + " did not become ready:\n" + jar.output());
            }
            Thread.sleep(100);
        }
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The status of /observe/health/ready, or -1 when nothing answers. */
    public int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/observe/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of /observe/health/ready (what is DOWN, and why). */
    public String readinessBody() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/observe/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook, nothing handed back. */
    public void kill() throws InterruptedException {
        jar.process().destroyForcibly();
        jar.process().waitFor();
    }

    public String output() {
        return jar == null ? "" : jar.output();
    }

    @Override
    public void close() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
    }

    @Override
    public String toString() {
        return "replica " + name;
    }
}
