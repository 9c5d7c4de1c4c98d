package io.mcpgateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mcpgateway.testing.GatewayTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, started as its own process from another directory, with nothing but its own classpath: the
 * test classpath holds libraries production lacks, so only this shows that the product itself starts and answers.
 */
class PackagedJarIT {

    @Test
    void thePackagedJarStartsFromAnyDirectoryAndAnswersFromTheCatalog() throws Exception {
        int port = GatewayTestSupport.freePort();
        Path log = Files.createTempDirectory("mcp-gateway-run").resolve("gateway.log");
        Process gateway = startJar(port, log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest init = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/init"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"session_id\":\"user_123\"}")).build();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(gateway.isAlive()).as(Files.readString(log)).isTrue());
            HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> http.send(init, HttpResponse.BodyHandlers.ofString()), r -> true);

            assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(400);
            assertThat(response.body()).contains("\"error_type\":\"VALIDATION_ERROR\"", "apiUrl, jwtToken");
            assertThat(Files.readString(log)).contains("Routes startup (total:");
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void aPortInUseStopsTheGatewayWithAClearError() throws Exception {
        Path log = Files.createTempDirectory("mcp-gateway-run").resolve("gateway.log");
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            Process gateway = startJar(taken.getLocalPort(), log);
            try {
                assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
                assertThat(gateway.exitValue()).isNotZero();
                assertThat(Files.readString(log))
                        .contains("The HTTP server could not listen on 127.0.0.1:" + taken.getLocalPort());
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /** Starts the jar from the log's directory, with nothing but its own classpath. */
    private static Process startJar(int port, Path log) throws IOException {
        Path jar = Path.of("target/mcp-gateway.jar").toAbsolutePath();
        assertThat(jar).exists();
        ProcessBuilder start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        start.environment().put("GATEWAY_PORT", String.valueOf(port));
        return start.start();
    }
}
