package io.mcpgateway;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        try (PackagedJar gateway = PackagedJar.start(Map.of("GATEWAY_PORT", String.valueOf(port)))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest init = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/init"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"session_id\":\"user_123\"}")).build();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(gateway.process().isAlive()).as(gateway.output()).isTrue());
            // the server listens a moment before the routes have started: ask once they have
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.output().contains("Routes startup (total:"));
            HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> http.send(init, HttpResponse.BodyHandlers.ofString()), r -> true);

            assertThat(response.statusCode()).as(gateway.output()).isEqualTo(400);
            assertThat(response.body()).contains("\"error_type\":\"VALIDATION_ERROR\"", "apiUrl, jwtToken");
            assertThat(gateway.output()).contains("Routes startup (total:").doesNotContain("DEMO MODE");
        }
    }

    /** In demo mode too, whose upstream leaves a thread behind that would otherwise keep the process alive. */
    @ParameterizedTest(name = "arguments: {0}")
    @ValueSource(strings = {"", "--demo"})
    void aPortInUseStopsTheGatewayWithAClearError(String arguments) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
             PackagedJar gateway = PackagedJar.start(Map.of("GATEWAY_PORT", String.valueOf(taken.getLocalPort())),
                     arguments.isEmpty() ? new String[0] : new String[] {arguments})) {
            assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
            assertThat(gateway.process().exitValue()).isNotZero();
            assertThat(gateway.output()).contains("The HTTP server could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aManagementPortInUseStopsTheGatewayToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
             PackagedJar gateway = PackagedJar.start(Map.of("GATEWAY_PORT", String.valueOf(GatewayTestSupport.freePort()),
                     "MANAGEMENT_PORT", String.valueOf(taken.getLocalPort())))) {
            assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
            assertThat(gateway.process().exitValue()).isNotZero();
            assertThat(gateway.output())
                    .contains("The management server could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
