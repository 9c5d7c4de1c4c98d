package io.mcpgateway.bench;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A fast credential API on loopback (plain HTTP, as the gateway's probe client trusts only the JVM's CAs): it accepts
 * every bearer token the benchmark mints, so that /init costs the gateway its probe but nothing on the API's side.
 */
final class LocalCredentialApi implements AutoCloseable {

    private final Server jetty = new Server();

    LocalCredentialApi() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                String authorization = request.getHeader("Authorization");
                response.setStatus(authorization != null && authorization.startsWith("Bearer ey") ? 200 : 401);
                response.setContentType("application/json");
                response.getOutputStream().write("{}".getBytes());
            }
        }), "/api/settings/validate");
        jetty.setHandler(context);
        jetty.start();
    }

    /** The apiUrl callers present in /init. */
    String apiUrl() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/api";
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
