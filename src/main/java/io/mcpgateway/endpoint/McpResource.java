package io.mcpgateway.endpoint;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.mcpgateway.endpoint.auth.BearerChallenge;
import io.mcpgateway.endpoint.auth.ProtectedResourceMetadata;

/**
 * {@code /mcp} as an OAuth protected resource: its metadata document and the challenge every 401 carries. The
 * canonical base is {@code MCP_ENDPOINT_PUBLIC_URL}, else the loopback address and the port the gateway is bound to,
 * known only once it listens (it may be 0, any free port), hence made at first use.
 */
public final class McpResource {

    private final Supplier<String> base;
    private final List<String> authorizationServers;
    private volatile ProtectedResourceMetadata metadata;

    /** @throws IllegalArgumentException for a public base or authorization server that is not a valid URL here */
    public McpResource(String publicBase, IntSupplier boundPort, List<String> authorizationServers) {
        this.base = publicBase != null ? () -> publicBase : () -> "http://127.0.0.1:" + boundPort.getAsInt();
        this.authorizationServers = authorizationServers;
        if (publicBase != null) {
            metadata();
        }
    }

    public ProtectedResourceMetadata metadata() {
        ProtectedResourceMetadata made = metadata;
        if (made == null) {
            made = ProtectedResourceMetadata.of(base.get(), ProtectedResourceMetadata.ENDPOINT_PATH,
                    authorizationServers, List.of());
            metadata = made;
        }
        return made;
    }

    public BearerChallenge challenge() {
        return new BearerChallenge(metadata());
    }
}
