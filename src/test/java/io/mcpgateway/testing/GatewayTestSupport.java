package io.mcpgateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.mcpgateway.config.GatewayConfiguration;
import io.mcpgateway.http.HttpServers;
import io.mcpgateway.session.SessionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Starts the gateway as production does (the YAML routes in {@code routes/}, {@code application.properties},
 * {@link GatewayConfiguration}) on a loopback port the system assigns, and talks to it over real HTTP. (A port
 * picked beforehand as "free" can be taken by a test's own stub server before the gateway binds it.)
 */
public abstract class GatewayTestSupport extends CamelMainTestSupport {

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(GatewayConfiguration.class);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    /** {@code -Dgateway.test.state=redis} runs every test of this kind on the Redis store instead of the memory one. */
    public static final String STATE_PROPERTY = "gateway.test.state";
    private static final String SUITE_STATE_KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    // assigned from the harness's constructor (configureContext), hence no initializer
    private Properties overrides;

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        overrides = new Properties();
        context.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    /** Fills the overrides when the context is made, after construction, so settings() may use instance fields. */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        overrides.put("camel.server.port", "0");
        overrides.put("camel.management.port", "0");
        overrides.put("gateway.api.allowed-hosts", "127.0.0.1,localhost");
        overrides.put("mcp.server-url", McpTestServer.shared().url("http"));
        Map<String, String> own = settings();
        if ("redis".equals(System.getProperty(STATE_PROPERTY)) && !own.containsKey("gateway.state.store")) {
            // the whole suite on the shared store: each test under a prefix of its own on one real Redis
            overrides.put("gateway.state.store", "redis");
            overrides.put("gateway.state.url", RedisTestServer.shared().url());
            overrides.put("gateway.state.key", SUITE_STATE_KEY);
            overrides.put("gateway.state.prefix", "suite-" + UUID.randomUUID() + ":");
        }
        overrides.putAll(own);
        return super.createCamelContext();
    }

    /** Settings this test class changes, by property key. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    protected SessionStore sessions() {
        return context.getRegistry().lookupByNameAndType("sessionStore", SessionStore.class);
    }

    protected URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort() + path);
    }

    /** The port the gateway listens on, once it has started. */
    protected int gatewayPort() {
        return HttpServers.boundPort(HttpServers.gateway(context, 0));
    }

    /** The management port (health, metrics), once the gateway has started. */
    protected int managementPort() {
        return HttpServers.boundPort(HttpServers.management(context));
    }

    /** A GET on the management port. */
    protected HttpResponse<String> getManagement(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> postInit(String sessionId, String apiUrl, String token) {
        return postJson("/init", "{\"session_id\":\"" + sessionId + "\",\"apiUrl\":\"" + apiUrl
                + "\",\"jwtToken\":\"" + token + "\"}");
    }

    protected HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(gateway(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON POST with {@code Authorization: Bearer <token>}, as tool requests are made. */
    protected HttpResponse<String> postAs(String token, String path, String json) {
        return send(HttpRequest.newBuilder(gateway(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected HttpResponse<String> deleteSession(String sessionId, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway("/sessions/" + sessionId)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
