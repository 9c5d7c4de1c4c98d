package io.mcpgateway.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mcpgateway.config.GatewaySettings;
import io.mcpgateway.config.InvalidConfigurationException;
import io.mcpgateway.http.HttpServers;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mcp-gateway.jar --demo}: the gateway with a built-in upstream ({@link DemoUpstream}) and sample
 * credential API ({@link DemoCredentialApi}), on loopback, so that the README's walkthrough runs with nothing else.
 * Only the command-line flag enables it, never a property or an environment variable, so no production configuration
 * can switch it on.
 *
 * <p>The banner and the walkthrough go to standard output, not to the log: the log sanitizer masks every JWT-shaped
 * string and bearer header, and the commands must show the demo token, which is public. The run's secrets are never
 * printed.
 */
public final class DemoMode implements AutoCloseable {

    public static final String FLAG = "--demo";

    static final String BANNER_LINE = "*** DEMO MODE: built-in sample MCP server and credential API, random secrets,"
            + " loopback only. Never use in production. ***";

    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private final DemoUpstream upstream;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoMode(DemoUpstream upstream) {
        this.upstream = upstream;
    }

    /**
     * Refuses a non-loopback {@code GATEWAY_HOST}, prints the banner, starts the demo upstream and points the gateway
     * at it through override properties, which win over every file, environment variable and system property.
     */
    public static DemoMode enable(Main main, String gatewayHost) throws Exception {
        requireLoopback(gatewayHost);
        System.out.println(banner());
        DemoUpstream upstream = new DemoUpstream();
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.management.host", "127.0.0.1");
        main.addOverrideProperty("mcp.server-url", upstream.mcpUrl().toString());
        main.addOverrideProperty("mcp.auth-token", upstream.bearer());
        main.addOverrideProperty("mcp.signing-secret", upstream.signingSecret());
        main.addOverrideProperty("mcp.require-signing", "true");
        // the demo credential API is on loopback, which the SSRF guard refuses unless allowed
        main.addOverrideProperty("gateway.api.allowed-hosts", "127.0.0.1");
        // and the demo credential API, on the gateway's own port, is the only one that may open sessions
        main.addOverrideProperty("gateway.api.allowed-origins", "http://127.0.0.1:{{camel.server.port}}");
        // MCP clients on /mcp: their token is proven against the same sample API
        main.addOverrideProperty("gateway.mcp-endpoint.api-url", "http://127.0.0.1:{{camel.server.port}}" + DemoCredentialApi.PATH);
        main.configure().addRoutesBuilder(new DemoCredentialApi());
        DemoMode demo = new DemoMode(upstream);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                System.out.println(walkthrough(listeningPort(started.getCamelContext()),
                        managementPort(started.getCamelContext())));
            }

            @Override
            public void afterStop(BaseMainSupport stopped) {
                demo.close();
            }
        });
        LOG.warn("[GATEWAY] DEMO MODE: upstream {} (built in), demo credential API, loopback only."
                + " Never use in production.", upstream.mcpUrl());
        return demo;
    }

    /** The arguments without the demo flag, which Camel Main's own parser would refuse. */
    public static String[] withoutFlag(String[] args) {
        return Arrays.stream(args).filter(arg -> !FLAG.equals(arg)).toArray(String[]::new);
    }

    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    static void requireLoopback(String gatewayHost) {
        if (gatewayHost != null && !gatewayHost.isBlank() && !isLoopback(gatewayHost.strip())) {
            throw new InvalidConfigurationException(List.of("Invalid configuration: " + FLAG
                    + " runs on loopback only, and GATEWAY_HOST names another address: unset it to run the demo"));
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String banner() {
        return String.join("\n",
                "*".repeat(BANNER_LINE.length()),
                BANNER_LINE,
                "*** The upstream is a built-in MCP server (tools echo, add, slow, fail) on a random loopback port. It",
                "*** trusts only this gateway: a bearer credential and request signatures, random for this run,"
                        + " never shown.",
                "*** The sample credential API (" + DemoCredentialApi.PATH + " on the gateway) accepts one public token:",
                "***   " + DemoCredentialApi.DEMO_TOKEN,
                "*".repeat(BANNER_LINE.length()));
    }

    static String walkthrough(int port, int managementPort) {
        return String.join("\n",
                "",
                BANNER_LINE,
                "*** The gateway listens on http://127.0.0.1:" + port + ". Try it (the README walks through the same):",
                "",
                DemoWalkthrough.render(port),
                "*** Health and metrics: http://127.0.0.1:" + managementPort + "/observe/health/ready and "
                        + "http://127.0.0.1:" + managementPort + "/observe/metrics",
                "*** DEMO MODE: stop it with Ctrl+C. ***");
    }

    private static int managementPort(CamelContext context) {
        return HttpServers.boundPort(HttpServers.management(context));
    }

    private static int listeningPort(CamelContext context) {
        int configured = context.getRegistry().lookupByNameAndType("gatewaySettings", GatewaySettings.class).serverPort();
        return HttpServers.boundPort(HttpServers.gateway(context, configured));
    }

    /**
     * Stops the demo upstream once the gateway has stopped (from Camel's shutdown, which a JVM shutdown hook may not
     * outlive) or failed to start.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                upstream.close();
            } catch (Exception e) {
                LOG.warn("[GATEWAY] DEMO MODE: the demo upstream did not stop cleanly ({})", e.getClass().getSimpleName());
            }
        }
    }
}
