package io.mcpgateway.config;

import java.net.URI;
import java.util.List;

import io.mcpgateway.security.ApiOrigins;

/**
 * The MCP endpoint's settings ({@code MCP_ENDPOINT_*}).
 *
 * @param apiUrl               the users' API that proves a client's token; null: {@code /mcp} is not served
 * @param publicUrl            the canonical base URL clients reach the gateway at; null: the bind address and port
 * @param allowedOrigins       browser origins whose requests are served; empty: none (a request with Origin is a 403)
 * @param authorizationServers issuers listed in the protected resource metadata
 */
public record EndpointSettings(URI apiUrl, URI publicUrl, ApiOrigins allowedOrigins, List<URI> authorizationServers) {

    public boolean enabled() {
        return apiUrl != null;
    }

    /** {@code MCP_ENDPOINT_PUBLIC_URL} without a trailing slash, or null when it is not set. */
    public String publicBase() {
        if (publicUrl == null) {
            return null;
        }
        String base = publicUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
