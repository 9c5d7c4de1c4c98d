package io.mcpgateway.demo;

import java.util.EnumSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real MCP server offering the {@link DemoTools}: the MCP Java SDK speaking Streamable HTTP (the legacy era, with
 * sessions) at {@code /mcp}, on embedded Jetty, on loopback only.
 */
public final class DemoMcpServer implements AutoCloseable {

    public static final String PATH = "/mcp";

    private final Server jetty = new Server();
    private final McpSyncServer mcp;

    /**
     * @param connector makes the listening side: plain HTTP ({@code ServerConnector::new}) or, in tests, TLS
     * @param port      0 for one the system assigns
     * @param filters   checks every request passes, in order, before it reaches the MCP server
     */
    public DemoMcpServer(Function<Server, ServerConnector> connector, int port, Filter... filters) throws Exception {
        this(HttpServletStreamableServerTransportProvider.builder()
                        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper())).mcpEndpoint(PATH).build(),
                transport -> DemoTools.server(transport, "mcp-gateway-demo-server"), connector, port, filters);
    }

    /**
     * Another MCP Java SDK server on the same Jetty set-up (tests serve their fixtures so).
     *
     * @param transport its Streamable HTTP transport, serving {@link #PATH}
     * @param server    builds the MCP server on that transport
     */
    public DemoMcpServer(HttpServletStreamableServerTransportProvider transport,
                         Function<HttpServletStreamableServerTransportProvider, McpSyncServer> server,
                         Function<Server, ServerConnector> connector, int port, Filter... filters) throws Exception {
        mcp = server.apply(transport);

        ServerConnector listening = connector.apply(jetty);
        listening.setHost("127.0.0.1");
        listening.setPort(port);
        jetty.addConnector(listening);
        ServletContextHandler context = new ServletContextHandler();
        for (Filter filter : filters) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, PATH);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        mcp.closeGracefully();
        jetty.stop();
    }
}
