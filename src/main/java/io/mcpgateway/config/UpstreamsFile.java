package io.mcpgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.federation.PolicyRule;
import io.mcpgateway.upstream.federation.ToolFilter;
import io.mcpgateway.upstream.federation.ToolNames;
import io.mcpgateway.upstream.federation.ToolPolicy;
import io.mcpgateway.upstream.federation.UpstreamDefinition;

/**
 * The upstreams file ({@code MCP_UPSTREAMS_FILE}): several upstream MCP servers, each with its own settings, and the
 * policy deciding which principal sees which tool. Read and validated whole: every problem is one line naming the
 * upstream and the key, and a file with any problem is refused as a whole.
 */
public record UpstreamsFile(List<UpstreamDefinition> upstreams, List<PolicyRule> policies, boolean allowByDefault) {

    /** The environment variable naming the file, for problem lines. */
    public static final String ENV = "MCP_UPSTREAMS_FILE";
    /** Bounds on what the file may hold: it is read whole at start-up and at each reload. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    public static final int MAX_UPSTREAMS = 64;
    public static final int MAX_POLICIES = 256;
    public static final int MAX_GLOBS = 256;

    public UpstreamsFile {
        upstreams = List.copyOf(upstreams);
        policies = List.copyOf(policies);
    }

    /**
     * @param defaults    the loaded global settings: what a key left out falls back to
     * @param environment an environment variable's value, or null when it is not set (System::getenv in production)
     * @throws InvalidConfigurationException listing every problem
     */
    public static UpstreamsFile read(Path file, GatewaySettings defaults, Function<String, String> environment) {
        try {
            return parse(bytes(file), defaults, environment);
        } catch (IOException e) {
            throw problem("cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** As {@link #read}, from the file's bytes as {@link #bytes} read them (the reload parses what it compared). */
    static UpstreamsFile parse(byte[] bytes, GatewaySettings defaults, Function<String, String> environment) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw problem("the file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString(), defaults, environment);
        } catch (CharacterCodingException e) {
            throw problem("the file is not UTF-8");
        }
    }

    /** The file's bytes, one more than the bound at most: enough to tell that it is too large. */
    static byte[] bytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_FILE_BYTES + 1);
        }
    }

    /** As {@link #read}, from the file's text. */
    public static UpstreamsFile parse(String yaml, GatewaySettings defaults, Function<String, String> environment) {
        return new UpstreamsFileReader(defaults, environment).read(yaml);
    }

    /**
     * The one upstream of a gateway without an upstreams file, {@code default}, from the {@code MCP_*} settings (its
     * secrets are the settings' own, not named variables). Readiness needs it, as the only one.
     */
    public static UpstreamDefinition defaultUpstream(GatewaySettings s) {
        return new UpstreamDefinition(UpstreamRegistry.DEFAULT, s.mcpServerUrl(), null, null, null, s.mcpRequireSigning(),
                s.mcpSslVerify(), s.mcpCertPath(), s.mcpClientCertPath(), s.mcpClientKeyPath(), s.mcpConnectionTimeout(),
                s.mcpRequestTimeout(), s.mcpMaxRetries(), s.mcpCircuitOpen(), s.mcpMaxConcurrentCalls(),
                s.mcpMaxRequestSizeKb(), s.mcpMaxResponseSizeKb(), s.mcpForwardUserContext(), s.mcpAllowInsecureHttp(),
                true, ToolFilter.ALL);
    }

    /** The names under which callers see the upstreams' tools. */
    public ToolNames toolNames() {
        return ToolNames.forUpstreams(upstreams.size());
    }

    /** Which principal sees which tool, with each upstream's own allow and deny lists. */
    public ToolPolicy toolPolicy() {
        Map<String, ToolFilter> filters = new LinkedHashMap<>();
        upstreams.forEach(u -> filters.put(u.name(), u.tools()));
        return new ToolPolicy(filters, policies, allowByDefault);
    }

    /** Insecure choices an operator must see at every start, one line per upstream and choice, as for the globals. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (UpstreamDefinition u : upstreams) {
            String at = ENV + ": upstream " + u.name() + ": ";
            if (u.signingSecretEnv() == null) {
                warnings.add(at + "no signing-secret-env: requests to this upstream are NOT signed.");
            }
            if (u.allowInsecureHttp() && u.url().getScheme().equalsIgnoreCase("http")
                    && !GatewaySettings.isLoopback(u.url().getHost())) {
                warnings.add(at + "allow-insecure-http: requests to this upstream travel unencrypted.");
            }
            if (!u.sslVerify()) {
                warnings.add(at + "ssl-verify: false: TLS certificates of this upstream are NOT verified."
                        + " Never use this in production.");
            }
        }
        return warnings;
    }

    static InvalidConfigurationException problem(String line) {
        return new InvalidConfigurationException(List.of(UpstreamsFileReader.PREFIX + line));
    }
}
