package io.mcpgateway.endpoint.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OAuth 2.0 Protected Resource Metadata document (RFC 9728) of one MCP endpoint, {@code /mcp} or
 * {@code /mcp/{upstream}}: how an MCP client that got a 401 finds out which authorization server to ask for a token,
 * and for which resource. Its URL is what every 401 names ({@link BearerChallenge}).
 *
 * <p>RFC 9728 section 3.1 forms the document's address by inserting {@code /.well-known/oauth-protected-resource}
 * between the host and the path of the resource identifier: the resource {@code https://gw.example.com/mcp/github}
 * has its document at {@code https://gw.example.com/.well-known/oauth-protected-resource/mcp/github}. Section 3.3
 * makes the client check that the document's {@code resource} is exactly the URL it connected to, so each endpoint
 * has a document of its own. The MCP authorization rules have clients that find no {@code resource_metadata} in a
 * challenge try the path form, then the root form {@code /.well-known/oauth-protected-resource}; one root can describe
 * only one resource, and it describes {@code /mcp}, the endpoint a client is most likely to have been given.
 *
 * <p>The canonical base ({@code MCP_ENDPOINT_PUBLIC_URL}) is an origin only: the well-known documents live at the
 * host's root whatever prefix a reverse proxy adds, so a base with a path could not be served correctly.
 */
public final class ProtectedResourceMetadata {

    /** The well-known path of RFC 9728, also the root form of the address. */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";
    /** The endpoint for every upstream's tools; the one the root form describes. */
    public static final String ENDPOINT_PATH = "/mcp";

    /** {@code /mcp} or {@code /mcp/} and an upstream name as the upstreams file allows it. */
    private static final Pattern RESOURCE_PATH = Pattern.compile("/mcp(/[a-z0-9-]{1,16})?");
    /** RFC 6749 section 3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
    static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final String origin;
    private final String resourcePath;
    private final List<String> authorizationServers;
    private final List<String> scopesSupported;

    private ProtectedResourceMetadata(String origin, String resourcePath, List<String> authorizationServers,
            List<String> scopesSupported) {
        this.origin = origin;
        this.resourcePath = resourcePath;
        this.authorizationServers = authorizationServers;
        this.scopesSupported = scopesSupported;
    }

    /**
     * The document of one endpoint. Problems are reported by what and position, never by value, as setting problems
     * are.
     *
     * @param publicBaseUrl        the canonical base, {@code https://host[:port]} (plain http for a loopback host)
     * @param resourcePath         {@code /mcp} or {@code /mcp/{upstream}}
     * @param authorizationServers issuer URLs of the authorization servers whose tokens the endpoint takes; may be
     *                             empty when tokens are proven only against the users' API (the member is then left
     *                             out, as RFC 9728 allows)
     * @param scopesSupported      scope values a client may ask for; may be empty (the member is then left out)
     * @throws IllegalArgumentException for a base, path, server or scope that breaks the rules above
     */
    public static ProtectedResourceMetadata of(String publicBaseUrl, String resourcePath,
            List<String> authorizationServers, List<String> scopesSupported) {
        Optional<URI> base = WebUrls.parse(publicBaseUrl);
        if (base.isEmpty() || base.get().getRawQuery() != null
                || !(base.get().getRawPath().isEmpty() || base.get().getRawPath().equals("/"))) {
            throw new IllegalArgumentException(
                    "the public base URL must be https://host[:port] (http only for a loopback host), with no path, query or fragment");
        }
        if (resourcePath == null || !RESOURCE_PATH.matcher(resourcePath).matches()) {
            throw new IllegalArgumentException("the resource path must be /mcp or /mcp/ and an upstream name");
        }
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < authorizationServers.size(); i++) {
            Optional<URI> server = WebUrls.parse(authorizationServers.get(i));
            // RFC 8414: an issuer identifier has no query or fragment
            if (server.isEmpty() || server.get().getRawQuery() != null) {
                throw new IllegalArgumentException("authorization server " + (i + 1)
                        + " must be an https URL (http only for a loopback host) with no query or fragment");
            }
            servers.add(server.get().toString());
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (int i = 0; i < scopesSupported.size(); i++) {
            if (scopesSupported.get(i) == null || !SCOPE_TOKEN.matcher(scopesSupported.get(i)).matches()) {
                throw new IllegalArgumentException("scope " + (i + 1) + " is not a scope token (RFC 6749 section 3.3)");
            }
            scopes.add(scopesSupported.get(i));
        }
        return new ProtectedResourceMetadata(WebUrls.origin(base.get()), resourcePath, List.copyOf(servers),
                List.copyOf(scopes));
    }

    /** The resource identifier: the endpoint's canonical URL, e.g. {@code https://gw.example.com/mcp}. */
    public String resource() {
        return origin + resourcePath;
    }

    /** The document's absolute URL in the path form, the one a 401 names. */
    public String metadataUrl() {
        return origin + WELL_KNOWN_PATH + resourcePath;
    }

    /**
     * The request paths the document is served at: the path form, and for {@code /mcp} also the root form.
     */
    public List<String> servedAt() {
        String pathForm = WELL_KNOWN_PATH + resourcePath;
        return resourcePath.equals(ENDPOINT_PATH) ? List.of(pathForm, WELL_KNOWN_PATH) : List.of(pathForm);
    }

    /**
     * The document: {@code resource}, {@code authorization_servers}, {@code bearer_methods_supported} (the header
     * only: a token in a query string or form body is refused, see {@link BearerToken}) and
     * {@code scopes_supported}. Served as {@code application/json}.
     */
    public String toJson() {
        ObjectNode document = JsonNodeFactory.instance.objectNode().put("resource", resource());
        if (!authorizationServers.isEmpty()) {
            ArrayNode servers = document.putArray("authorization_servers");
            authorizationServers.forEach(servers::add);
        }
        document.putArray("bearer_methods_supported").add("header");
        if (!scopesSupported.isEmpty()) {
            ArrayNode scopes = document.putArray("scopes_supported");
            scopesSupported.forEach(scopes::add);
        }
        return document.toString();
    }
}
