package io.mcpgateway;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mcpgateway.config.GatewayConfiguration;
import io.mcpgateway.config.InvalidConfigurationException;
import io.mcpgateway.demo.DemoMode;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway. Routes and properties come from the working directory when it has them (so a team edits
 * {@code routes/} and {@code application.properties} without recompiling), else from the copies packaged in the jar;
 * {@code GATEWAY_ROUTES} and {@code GATEWAY_CONFIG} point elsewhere. {@code --demo} adds a built-in upstream and
 * credential API ({@link DemoMode}).
 */
public final class GatewayApplication {

    /** The defaults packaged in the jar (application.properties of the project root). */
    public static final String PACKAGED_PROPERTIES = "classpath:io/mcpgateway/application.properties";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);

    private GatewayApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configure(main);
        try (DemoMode demo = DemoMode.requested(args) ? DemoMode.enable(main, System.getenv("GATEWAY_HOST")) : null) {
            main.run(DemoMode.withoutFlag(args));
        } catch (Exception e) {
            InvalidConfigurationException invalid = findInvalidConfiguration(e);
            if (invalid != null) {
                invalid.problems().forEach(System.err::println);
                System.exit(2);
            }
            // exits rather than rethrows: a thread a library leaves behind (the MCP SDK's session sweeper, in demo
            // mode) would keep a gateway that failed to start alive
            LOG.error("[GATEWAY] The gateway did not start", e);
            System.exit(1);
        }
    }

    /** The start-up settings that the tests repeat, since the test harness never runs {@link #main}. */
    public static void configure(Main main) {
        main.configure().addConfiguration(GatewayConfiguration.class);
        main.configure().withRoutesIncludePattern(routesLocation());
        main.setPropertyPlaceholderLocations(propertiesLocations());
    }

    static String routesLocation() {
        String configured = System.getenv("GATEWAY_ROUTES");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml";
    }

    /** The first location that defines a key wins, so a partial file overrides only what it names. */
    static String propertiesLocations() {
        String configured = System.getenv("GATEWAY_CONFIG");
        String first = configured != null && !configured.isBlank() ? "file:" + configured + "," : "";
        return first + "file:application.properties;optional=true," + PACKAGED_PROPERTIES;
    }

    private static InvalidConfigurationException findInvalidConfiguration(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException ice) {
                return ice;
            }
        }
        return null;
    }
}
