package io.mcpgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mcpgateway.testing.DefaultSettings;
import io.mcpgateway.upstream.federation.Glob;
import io.mcpgateway.upstream.federation.ToolFilter;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamsFileTest {

    private static final String SECRET = "s".repeat(32);
    private static final String P = "Invalid configuration: MCP_UPSTREAMS_FILE: ";

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>(Map.of(
            "TICKETS_MCP_TOKEN", "t-token", "TICKETS_MCP_SIGNING_SECRET", SECRET, "CODE_MCP_TOKEN", "c-token"));

    /** Policies by claim need a list of trusted credential APIs: every test has one unless it says otherwise. */
    private static GatewaySettings settings(Map<String, String> overrides) {
        Map<String, String> values = DefaultSettings.values();
        values.put("gateway.api.allowed-origins", "https://api.example.com");
        values.putAll(overrides);
        return GatewaySettings.load(values::get);
    }

    private UpstreamsFile parse(String yaml) {
        return UpstreamsFile.parse(yaml, settings(Map.of()), environment::get);
    }

    private List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
        throw new AssertionError("the file was accepted");
    }

    /** One upstream entry with the given extra lines (each "key: value"), otherwise valid. */
    private List<String> problemsOf(String... lines) {
        StringBuilder yaml = new StringBuilder("upstreams:\n  - name: code\n    url: https://code.internal/mcp\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return problems(yaml.toString());
    }

    @Test
    void theIssuesExampleParsesWithEveryLeftOutKeyFromTheGlobalSettings() throws IOException {
        Path ca = Files.writeString(dir.resolve("tickets-ca.pem"), "not read here");
        String yaml = """
                upstreams:
                  - name: tickets                      # [a-z0-9-]{1,16}, unique
                    url: https://tickets-mcp.internal/mcp
                    auth-token-env: TICKETS_MCP_TOKEN  # secrets are named, never written, in the file
                    signing-secret-env: TICKETS_MCP_SIGNING_SECRET
                    require-signing: true
                    ca-path: %s
                    request-timeout-seconds: 30
                    max-concurrent-calls: 16
                    tools: { allow: ["search_*", "get_*"], deny: ["delete_*"] }
                  - name: code
                    url: https://code-mcp.internal/mcp
                    auth-token-env: CODE_MCP_TOKEN
                policies:                              # first match wins; claims from the session's JWT
                  - when: { claim: groups, contains: support }
                    allow: ["tickets__*"]
                  - when: { claim: groups, contains: engineering }
                    allow: ["*"]
                default: deny                          # what a principal that no policy matches gets
                """.formatted(ca);
        GatewaySettings globals = settings(Map.of("mcp.request-timeout-seconds", "45", "mcp.max-retries", "2"));

        UpstreamsFile file = UpstreamsFile.parse(yaml, globals, environment::get);

        assertThat(file.upstreams()).extracting(UpstreamDefinition::name).containsExactly("tickets", "code");
        UpstreamDefinition tickets = file.upstreams().get(0);
        assertThat(tickets.url()).hasToString("https://tickets-mcp.internal/mcp");
        assertThat(tickets.authTokenEnv()).isEqualTo("TICKETS_MCP_TOKEN");
        assertThat(tickets.signingSecretEnv()).isEqualTo("TICKETS_MCP_SIGNING_SECRET");
        assertThat(tickets.requireSigning()).isTrue();
        assertThat(tickets.caPath()).isEqualTo(ca);
        assertThat(tickets.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(tickets.maxConcurrentCalls()).isEqualTo(16);
        assertThat(tickets.tools()).isEqualTo(new ToolFilter(List.of(new Glob("search_*"), new Glob("get_*")),
                List.of(new Glob("delete_*"))));
        assertThat(tickets.maxRetries()).isEqualTo(globals.mcpMaxRetries()).isEqualTo(2);

        UpstreamDefinition code = file.upstreams().get(1);
        assertThat(code).isEqualTo(new UpstreamDefinition("code", java.net.URI.create("https://code-mcp.internal/mcp"),
                "CODE_MCP_TOKEN", null, null, globals.mcpRequireSigning(), globals.mcpSslVerify(),
                globals.mcpCertPath(), globals.mcpClientCertPath(), globals.mcpClientKeyPath(),
                globals.mcpConnectionTimeout(), Duration.ofSeconds(45), 2, globals.mcpCircuitOpen(),
                globals.mcpMaxConcurrentCalls(), globals.mcpMaxRequestSizeKb(), globals.mcpMaxResponseSizeKb(),
                globals.mcpForwardUserContext(), globals.mcpAllowInsecureHttp(), false, ToolFilter.ALL));

        assertThat(file.policies()).hasSize(2);
        assertThat(file.allowByDefault()).isFalse();
        assertThat(file.toolNames().prefixed()).isTrue();
        assertThat(file.toolPolicy().isVisible(Map.of("groups", List.of("support")), "tickets", "search_x")).isTrue();
        assertThat(file.toolPolicy().isVisible(Map.of("groups", List.of("support")), "code", "push")).isFalse();
    }

    @Test
    void readsTheFileFromDisk() throws IOException {
        Path file = Files.writeString(dir.resolve("upstreams.yaml"),
                "upstreams:\n  - name: code\n    url: https://code.internal/mcp\n");

        UpstreamsFile read = UpstreamsFile.read(file, settings(Map.of()), environment::get);

        assertThat(read.upstreams()).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("code"));
        assertThat(read.allowByDefault()).isTrue();
        assertThat(read.toolNames().prefixed()).isFalse();
    }

    @Test
    void policiesByClaimAreRefusedWhileAnyCredentialApiMayVouchForTheClaims() {
        String yaml = "upstreams:\n  - name: code\n    url: https://code.internal/mcp\n"
                + "policies:\n  - when: { claim: groups, contains: engineering }\n    allow: [\"*\"]\n";
        assertThatThrownBy(() -> UpstreamsFile.parse(yaml, settings(Map.of("gateway.api.allowed-origins", "")),
                environment::get)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).containsExactly(P + "policies: a rule with when: decides by the session's JWT"
                        + " claims, which only a trusted credential API vouches for; set API_ALLOWED_ORIGINS (gateway.api.allowed-origins)"));
        // a rule for everyone trusts no claim
        assertThat(UpstreamsFile.parse("upstreams:\n  - name: code\n    url: https://code.internal/mcp\n"
                + "policies:\n  - deny: [\"delete_*\"]\n", settings(Map.of("gateway.api.allowed-origins", "")),
                environment::get).policies()).hasSize(1);
    }

    @Test
    void policiesWithoutADefaultDenyWhatNoneOfThemGrants() {
        UpstreamsFile file = UpstreamsFile.parse("upstreams:\n  - name: code\n    url: https://code.internal/mcp\n"
                + "policies:\n  - when: { claim: groups, contains: engineering }\n    allow: [\"*\"]\n",
                settings(Map.of()), environment::get);

        assertThat(file.allowByDefault()).isFalse();
    }

    @Test
    void aMissingOrOversizedFileIsOneLine() throws IOException {
        assertThatThrownBy(() -> UpstreamsFile.read(dir.resolve("absent.yaml"), settings(Map.of()), environment::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(P + "cannot read the file (NoSuchFileException)"));
        Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(UpstreamsFile.MAX_FILE_BYTES + 1));
        assertThatThrownBy(() -> UpstreamsFile.read(big, settings(Map.of()), environment::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(P + "the file is larger than 1048576 bytes"));
    }

    @Test
    void notYamlOrNotAMappingIsOneLine() {
        assertThat(problems("upstreams: [\n")).singleElement().asString().startsWith(P + "not valid YAML at line");
        assertThat(problems("- a\n- b\n")).containsExactly(P + "the file must be a mapping with the key upstreams");
        assertThat(problems("")).containsExactly(P + "the file must be a mapping with the key upstreams");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThat(problems("upstreams:\n  - name: a\n    name: b\n    url: https://x.internal/mcp\n"))
                .singleElement().asString().startsWith(P + "not valid YAML at line 3");
    }

    @Test
    void topLevelProblems() {
        assertThat(problems("policies: []\n")).containsExactly(P + "upstreams: is required, with at least one upstream");
        assertThat(problems("upstreams: []\n")).containsExactly(P + "upstreams: must be a list of 1 to 64 upstreams");
        assertThat(problems("upstream: []\nupstreams: [{name: a, url: 'https://a.internal/'}]\ndefault: maybe\n"))
                .containsExactly(P + "upstream: unknown key; did you mean upstreams?",
                        P + "default: must be allow or deny");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "request-timeout-seconds: 0        | upstreams[0] (code): request-timeout-seconds: must be between 1 and 3600",
        "request-timeout-seconds: 3601     | upstreams[0] (code): request-timeout-seconds: must be between 1 and 3600",
        "request-timeout-seconds: '30'     | upstreams[0] (code): request-timeout-seconds: must be a whole number between 1 and 3600",
        "connection-timeout-seconds: 301   | upstreams[0] (code): connection-timeout-seconds: must be between 1 and 300",
        "max-retries: 11                   | upstreams[0] (code): max-retries: must be between 0 and 10",
        "max-retries: 1.5                  | upstreams[0] (code): max-retries: must be a whole number between 0 and 10",
        "circuit-open-seconds: 0           | upstreams[0] (code): circuit-open-seconds: must be between 1 and 3600",
        "max-concurrent-calls: 10001       | upstreams[0] (code): max-concurrent-calls: must be between 1 and 10000",
        "max-request-size-kb: 0            | upstreams[0] (code): max-request-size-kb: must be between 1 and 1048576",
        "max-request-size-kb: 4096         | upstreams[0] (code): max-request-size-kb: must not exceed MCP_MAX_REQUEST_SIZE_KB (mcp.max-request-size-kb), the limit on every tool request body",
        "auth-token-env: GATEWAY_STATE_KEY | upstreams[0] (code): auth-token-env: GATEWAY_STATE_KEY is one of the gateway's own settings; give this upstream a variable of its own",
        "signing-secret-env: MCP_SIGNING_SECRET | upstreams[0] (code): signing-secret-env: MCP_SIGNING_SECRET is one of the gateway's own settings; give this upstream a variable of its own",
        "max-response-size-kb: 99999999999999999999 | upstreams[0] (code): max-response-size-kb: must be between 1 and 1048576",
        "require-signing: yes              | upstreams[0] (code): require-signing: must be true or false",
        "ssl-verify: 1                     | upstreams[0] (code): ssl-verify: must be true or false",
        "required: 'true'                  | upstreams[0] (code): required: must be true or false",
        "ca-path: /nonexistent/ca.pem      | upstreams[0] (code): ca-path: must name a readable file",
        "client-cert-path: ''              | upstreams[0] (code): client-cert-path: must name a readable file",
        "timeout: 5                        | upstreams[0] (code): timeout: unknown key",
        "request-timeout: 5                | upstreams[0] (code): request-timeout: unknown key; did you mean request-timeout-seconds?",
        "auth-token-env: MISSING_TOKEN     | upstreams[0] (code): auth-token-env: the environment variable MISSING_TOKEN is not set",
        "api-key-env: 'not a name'         | upstreams[0] (code): api-key-env: must name an environment variable (letters, digits and _)",
        "signing-secret-env: CODE_MCP_TOKEN | upstreams[0] (code): signing-secret-env: the environment variable CODE_MCP_TOKEN must hold at least 32 bytes",
        "auth-token: abc                   | upstreams[0] (code): auth-token: secrets are never written in this file; put it in an environment variable and name that with auth-token-env",
        "signing-secret: abc               | upstreams[0] (code): signing-secret: secrets are never written in this file; put it in an environment variable and name that with signing-secret-env",
        "api-key: abc                      | upstreams[0] (code): api-key: secrets are never written in this file; put it in an environment variable and name that with api-key-env",
        "require-signing: true             | upstreams[0] (code): require-signing: needs signing-secret-env",
        "forward-user-context: true        | upstreams[0] (code): forward-user-context: needs signing-secret-env: the user's API token is only ever forwarded signed",
        "tools: [a]                        | upstreams[0] (code): tools: must be a mapping {allow, deny}",
        "tools: {allow: a}                 | upstreams[0] (code): tools: allow: must be a list of at most 256 tool names, where * stands for any characters",
        "tools: {deny: ['']}               | upstreams[0] (code): tools: deny: must be a list of at most 256 tool names, where * stands for any characters",
        "tools: {allows: [a]}              | upstreams[0] (code): tools: allows: unknown key; did you mean allow?",
    })
    void everyKeyIsCheckedWithOneLineNamingTheUpstreamAndTheKey(String line, String problem) {
        assertThat(problemsOf(line)).containsExactly(P + problem);
    }

    @Test
    void aSecretWrittenInTheFileIsNeverRepeated() {
        assertThat(problemsOf("auth-token: hunter2-very-secret")).singleElement().asString()
                .doesNotContain("hunter2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name: Tickets         | upstreams[0]: name: must be 1 to 16 characters from a-z, 0-9 and -",
        "name: a234567890123456x | upstreams[0]: name: must be 1 to 16 characters from a-z, 0-9 and -",
        "name: ''              | upstreams[0]: name: must be 1 to 16 characters from a-z, 0-9 and -",
        "name: 42              | upstreams[0]: name: must be 1 to 16 characters from a-z, 0-9 and -",
        "name: a__b            | upstreams[0]: name: must not contain __, which separates upstream and tool in names",
        "url: https://code.internal/mcp | upstreams[0]: name: is required",
    })
    void namesAreShortLowercaseAndFreeOfDoubleUnderscores(String line, String problem) {
        String yaml = "upstreams:\n  - " + line + (line.startsWith("url") ? "" : "\n    url: https://x.internal/mcp")
                + "\n";
        assertThat(problems(yaml)).containsExactly(P + problem);
    }

    @Test
    void namesAreUnique() {
        assertThat(problems("""
                upstreams:
                  - {name: code, url: 'https://a.internal/mcp'}
                  - {name: docs, url: 'https://b.internal/mcp'}
                  - {name: code, url: 'https://c.internal/mcp'}
                """)).containsExactly(P + "upstreams[2] (code): name: already taken by upstreams[0]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://code.internal/mcp        | upstreams[0] (code): url: must be an absolute http or https URL without user-info",
        "https://user:pw@code.internal/ | upstreams[0] (code): url: must be an absolute http or https URL without user-info",
        "/mcp                           | upstreams[0] (code): url: must be an absolute http or https URL without user-info",
        "http://code.internal/mcp       | upstreams[0] (code): url: uses plain http to a non-loopback host; use https, or set allow-insecure-http: true to accept the risk",
    })
    void urlsAreCheckedLikeMcpServerUrl(String url, String problem) {
        assertThat(problems("upstreams:\n  - name: code\n    url: '" + url + "'\n")).containsExactly(P + problem);
    }

    @Test
    void plainHttpIsAcceptedToLoopbackOrWhenAllowed() {
        assertThat(parse("upstreams:\n  - {name: a, url: 'http://127.0.0.1:3000/mcp'}\n"
                + "  - {name: b, url: 'http://localhost/mcp'}\n"
                + "  - {name: c, url: 'http://c.internal/mcp', allow-insecure-http: true}\n").upstreams()).hasSize(3);
        assertThat(problems("upstreams:\n  - {name: a, url: 'http://a.internal/mcp', allow-insecure-http: true,"
                + " forward-user-context: true, signing-secret-env: TICKETS_MCP_SIGNING_SECRET}\n"))
                .containsExactly(P + "upstreams[0] (a): forward-user-context: needs an https url (or a loopback one):"
                        + " the user's API token never travels unencrypted");
    }

    @Test
    void aClientCertificateNeedsItsKey() throws IOException {
        Path cert = Files.writeString(dir.resolve("client.pem"), "x");
        assertThat(problemsOf("client-cert-path: " + cert)).containsExactly(
                P + "upstreams[0] (code): client-cert-path and client-key-path: must be set together");
    }

    @Test
    void aLeftOutKeyTakesTheEnvironmentsValueAndItsChecks() {
        GatewaySettings signing = settings(Map.of("mcp.require-signing", "true", "mcp.signing-secret", SECRET));
        assertThatThrownBy(() -> UpstreamsFile.parse("upstreams:\n  - {name: a, url: 'https://a.internal/'}\n",
                signing, environment::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(P + "upstreams[0] (a): require-signing: needs signing-secret-env"));
    }

    @Test
    void everyProblemIsCollectedBeforeRefusing() {
        assertThat(problems("""
                upstreams:
                  - name: code
                    url: https://code.internal/mcp
                    max-retries: 99
                    auth-token: x
                  - name: Bad
                    url: nowhere
                default: open
                """)).containsExactly(
                P + "upstreams[0] (code): auth-token: secrets are never written in this file; put it in an environment"
                        + " variable and name that with auth-token-env",
                P + "upstreams[0] (code): max-retries: must be between 0 and 10",
                P + "upstreams[1]: name: must be 1 to 16 characters from a-z, 0-9 and -",
                P + "upstreams[1]: url: must be an absolute http or https URL without user-info",
                P + "default: must be allow or deny");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[{allow: [a]}, 3]                                    | policies[1]: must be a mapping with when and allow or deny",
        "[{when: {claim: groups, contains: x}}]               | policies[0]: needs allow or deny",
        "[{when: {claim: groups}, allow: [a]}]                | policies[0]: when: contains: must be a non-empty string (quote a number)",
        "[{when: {claim: '', contains: x}, allow: [a]}]       | policies[0]: when: claim: must be a non-empty string (quote a number)",
        "[{when: {claim: level, contains: 3}, allow: [a]}]    | policies[0]: when: contains: must be a non-empty string (quote a number)",
        "[{when: {claim: g, contains: x, equals: y}, allow: [a]}] | policies[0]: when: equals: unknown key",
        "[{when: groups, allow: [a]}]                         | policies[0]: when: must be a mapping {claim, contains}",
        "[{when: {claim: g, contains: x}, deny: '*'}]         | policies[0]: deny: must be a list of at most 256 tool names, where * stands for any characters",
        "{a: b}                                               | policies: must be a list of at most 256 rules",
    })
    void policiesAreChecked(String policies, String problem) {
        assertThat(problems("upstreams: [{name: a, url: 'https://a.internal/'}]\npolicies: " + policies + "\n"))
                .containsExactly(P + problem);
    }

    @Test
    void aMisspeltListIsUnknownAndTheRuleThenHasNone() {
        assertThat(problems("upstreams: [{name: a, url: 'https://a.internal/'}]\n"
                + "policies: [{when: {claim: groups, contains: x}, alow: [a]}]\n")).containsExactly(
                P + "policies[0]: alow: unknown key; did you mean allow?", P + "policies[0]: needs allow or deny");
    }

    @Test
    void aPolicyWithoutConditionAppliesToEveryone() {
        UpstreamsFile file = parse("upstreams: [{name: a, url: 'https://a.internal/'}]\n"
                + "policies: [{deny: ['*admin*']}]\ndefault: allow\n");
        assertThat(file.policies()).singleElement().satisfies(rule -> assertThat(rule.when()).isEmpty());
        assertThat(file.toolPolicy().isVisible(Map.of(), "a", "admin_reset")).isFalse();
        assertThat(file.toolPolicy().isVisible(Map.of(), "a", "search")).isTrue();
    }

    @Test
    void insecureChoicesAreWarnedAboutPerUpstream() {
        UpstreamsFile file = parse("""
                upstreams:
                  - {name: safe, url: 'https://a.internal/', signing-secret-env: TICKETS_MCP_SIGNING_SECRET}
                  - {name: loose, url: 'http://b.internal/', allow-insecure-http: true, ssl-verify: false}
                  - {name: local, url: 'http://127.0.0.1:3000/', allow-insecure-http: true,
                     signing-secret-env: TICKETS_MCP_SIGNING_SECRET}
                """);
        assertThat(file.warnings()).containsExactly(
                "MCP_UPSTREAMS_FILE: upstream loose: no signing-secret-env: requests to this upstream are NOT signed.",
                "MCP_UPSTREAMS_FILE: upstream loose: allow-insecure-http: requests to this upstream travel unencrypted.",
                "MCP_UPSTREAMS_FILE: upstream loose: ssl-verify: false: TLS certificates of this upstream are NOT"
                        + " verified. Never use this in production.");
    }

    @Test
    void theResultIsImmutable() {
        UpstreamsFile file = parse("upstreams: [{name: a, url: 'https://a.internal/'}]\n");
        assertThatThrownBy(() -> file.upstreams().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> file.policies().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
