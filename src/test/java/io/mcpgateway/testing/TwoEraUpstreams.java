package io.mcpgateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.mcpgateway.upstream.signing.RequestSignature;
import io.mcpgateway.upstream.signing.SignatureVerifier;

/**
 * Two real upstream MCP servers of different protocol eras running at once, for tests of a gateway in front of several
 * upstreams: the legacy-era {@link McpTestServer} (the MCP Java SDK, sessions) and a modern-era
 * {@link ModernMcpServer} (stateless). Nothing is shared between them: each has its own CA ({@code legacy-ca},
 * {@code modern-ca}), its own bearer credential and its own signing secret, so that a request meant for one, or a
 * client trusting the other's CA, is refused by the other: a gateway mixing up its upstreams' settings fails the test.
 *
 * <p>The modern server offers {@link #FORECAST} and an {@code echo} of the same name as the legacy server's, for tests
 * of tool-name prefixing. Both listen on 127.0.0.1, with certificates for {@code localhost} and {@code 127.0.0.1}; the
 * URLs given out use {@code localhost}. Each CA's certificate is written as PEM into a temporary directory, removed on
 * {@link #close()}.
 */
public final class TwoEraUpstreams implements AutoCloseable {

    /** The modern server's own tool. */
    public static final ModernMcpServer.Tool FORECAST = ModernMcpServer.Tool.of("forecast", """
            {"type":"object","properties":{"region":{"type":"string"}},"required":["region"]}""");
    /** The modern server's name: the first part of each of its tools' answers. */
    public static final String MODERN_SERVER_NAME = "modern";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a client needs to reach one of the upstreams: its URL, the CA to trust, and its two secrets. */
    public record Access(String url, Path caPath, String bearer, String signingSecret) {
    }

    private final Path directory;
    private final Access legacy;
    private final Access modern;
    private final McpTestServer legacyServer;
    private final ModernMcpServer modernServer;

    public TwoEraUpstreams() throws Exception {
        TestCertificates legacyCa = new TestCertificates("legacy-ca");
        TestCertificates modernCa = new TestCertificates("modern-ca");
        directory = Files.createTempDirectory("two-era-upstreams");
        Path legacyCaPath = legacyCa.ca().writeCertificate(directory, "legacy-ca.pem");
        Path modernCaPath = modernCa.ca().writeCertificate(directory, "modern-ca.pem");
        String legacyBearer = randomSecret();
        String legacySecret = randomSecret();
        String modernBearer = randomSecret();
        String modernSecret = randomSecret();

        legacyServer = new McpTestServer(serverTls(legacyCa), verifier(legacySecret), legacyBearer);
        try {
            modernServer = new ModernMcpServer(MODERN_SERVER_NAME, serverTls(modernCa), modernBearer,
                    verifier(modernSecret), List.of(FORECAST, ModernMcpServer.Tool.ECHO));
        } catch (Exception e) {
            legacyServer.close();
            throw e;
        }
        legacy = new Access(legacyServer.url("https"), legacyCaPath, legacyBearer, legacySecret);
        modern = new Access("https://localhost:" + modernServer.port() + ModernMcpServer.PATH, modernCaPath,
                modernBearer, modernSecret);
    }

    private static SSLContext serverTls(TestCertificates ca) throws Exception {
        return ca.issue("localhost", "localhost", "127.0.0.1").sslContext(ca);
    }

    private static SignatureVerifier verifier(String secret) {
        return new SignatureVerifier(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** 48 random bytes, URL-safe Base64, as the demo makes them: more than the 32 bytes a signing secret needs. */
    private static String randomSecret() {
        byte[] secret = new byte[RequestSignature.MIN_SECRET_BYTES + 16];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The legacy-era upstream (Java SDK). */
    public Access legacy() {
        return legacy;
    }

    /** The modern-era upstream. */
    public Access modern() {
        return modern;
    }

    /** For its refusals and the headers it received. */
    public McpTestServer legacyServer() {
        return legacyServer;
    }

    /** For its refusals and counters, and to make it slow or unavailable. */
    public ModernMcpServer modernServer() {
        return modernServer;
    }

    /**
     * An upstreams file ({@code MCP_UPSTREAMS_FILE}) naming the two upstreams, both with signing required and their own
     * CA. Secrets appear only as the names of the variables holding them ({@link #secretProperties}).
     *
     * @param legacyName the name the gateway gives the legacy upstream (and its tools' prefix)
     */
    public String upstreamsYaml(String legacyName, String modernName) {
        return "upstreams:\n" + entry(legacyName, legacy) + entry(modernName, modern);
    }

    private static String entry(String name, Access upstream) {
        return """
                  - name: %s
                    url: %s
                    auth-token-env: %s
                    signing-secret-env: %s
                    require-signing: true
                    ca-path: %s
                """.formatted(name, upstream.url(), tokenEnv(name), signingSecretEnv(name), upstream.caPath());
    }

    /**
     * The variables {@link #upstreamsYaml} with the same names refers to, with their values: to be given to the
     * gateway as properties of those names. The names are the upstream's in capitals ({@code tickets}:
     * {@code TICKETS_MCP_TOKEN}, {@code TICKETS_MCP_SIGNING_SECRET}).
     */
    public Map<String, String> secretProperties(String legacyName, String modernName) {
        return Map.of(tokenEnv(legacyName), legacy.bearer(), signingSecretEnv(legacyName), legacy.signingSecret(),
                tokenEnv(modernName), modern.bearer(), signingSecretEnv(modernName), modern.signingSecret());
    }

    private static String tokenEnv(String name) {
        return envPrefix(name) + "_MCP_TOKEN";
    }

    private static String signingSecretEnv(String name) {
        return envPrefix(name) + "_MCP_SIGNING_SECRET";
    }

    private static String envPrefix(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public void close() throws Exception {
        try (legacyServer; modernServer) {
            deleteDirectory();
        }
    }

    private void deleteDirectory() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
