package io.mcpgateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.mcpgateway.security.ApiOrigins;
import io.mcpgateway.security.HostAllowList;
import io.mcpgateway.upstream.signing.RequestSignature;

/**
 * Every gateway setting, read from the property placeholders ({@code application.properties}, where each key names its
 * environment variable) and validated once at start-up. A problem message names the key and its environment variable,
 * never the value: some are secrets.
 */
public record GatewaySettings(
        int serverPort,
        long serverMaxBodyBytes,
        Duration validationTimeout,
        HostAllowList apiAllowedHosts,
        ApiOrigins apiAllowedOrigins,
        Duration sessionIdleTtl,
        long sessionMax,
        int initRateLimitPerMinute,
        URI mcpServerUrl,
        String mcpApiKey,
        String mcpAuthToken,
        boolean mcpSslVerify,
        Path mcpCertPath,
        Duration mcpConnectionTimeout,
        Duration mcpRequestTimeout,
        int mcpMaxRequestSizeKb,
        String mcpSigningSecret,
        boolean mcpRequireSigning,
        Path mcpClientCertPath,
        Path mcpClientKeyPath,
        boolean mcpAllowInsecureHttp,
        boolean sessionRequireBearer,
        int mcpRateLimitPerMinute,
        int mcpMaxResponseSizeKb,
        Duration mcpCircuitOpen,
        int mcpMaxRetries,
        boolean mcpForwardUserContext,
        int mcpMaxConcurrentCalls,
        int mcpMaxConcurrentCallsPerSession,
        int mcpMaxConcurrentCallsPerPrincipal,
        String serverHost,
        String managementHost,
        int managementPort,
        Duration sessionMaxLifetime,
        Duration sessionRevalidate,
        Duration sessionRevalidateGrace,
        int sessionMaxPerPrincipal,
        long sessionMaxPerClient,
        int validationMaxConcurrent,
        Duration serverIdleTimeout,
        Duration serverRequestReadTimeout) {

    /** The settings, by property key and environment variable. */
    public enum Key {
        SERVER_PORT("camel.server.port", "GATEWAY_PORT"),
        SERVER_MAX_BODY("camel.server.maxBodySize", "GATEWAY_MAX_BODY_BYTES"),
        VALIDATION_TIMEOUT("gateway.api.validation-timeout-seconds", "VALIDATION_TIMEOUT"),
        API_ALLOWED_HOSTS("gateway.api.allowed-hosts", "API_ALLOWED_HOSTS"),
        API_ALLOWED_ORIGINS("gateway.api.allowed-origins", "API_ALLOWED_ORIGINS",
                "(not set: ANY public credential API may open sessions)"),
        SESSION_IDLE_TTL("gateway.session.idle-ttl-seconds", "SESSION_IDLE_TTL"),
        SESSION_MAX("gateway.session.max", "SESSION_MAX"),
        INIT_RATE_LIMIT("gateway.init.rate-limit-per-minute", "INIT_RATE_LIMIT_PER_MINUTE"),
        MCP_SERVER_URL("mcp.server-url", "MCP_SERVER_URL"),
        MCP_API_KEY("mcp.api-key", "MCP_API_KEY", true),
        MCP_AUTH_TOKEN("mcp.auth-token", "MCP_AUTH_TOKEN", true),
        MCP_SSL_VERIFY("mcp.ssl-verify", "MCP_SSL_VERIFY"),
        MCP_CERT_PATH("mcp.cert-path", "MCP_CERT_PATH"),
        MCP_CONNECTION_TIMEOUT("mcp.connection-timeout-seconds", "MCP_CONNECTION_TIMEOUT"),
        MCP_REQUEST_TIMEOUT("mcp.request-timeout-seconds", "MCP_REQUEST_TIMEOUT"),
        MCP_MAX_REQUEST_SIZE_KB("mcp.max-request-size-kb", "MCP_MAX_REQUEST_SIZE_KB"),
        MCP_SIGNING_SECRET("mcp.signing-secret", "MCP_SIGNING_SECRET", true),
        MCP_REQUIRE_SIGNING("mcp.require-signing", "MCP_REQUIRE_SIGNING"),
        MCP_CLIENT_CERT_PATH("mcp.client-cert-path", "MCP_CLIENT_CERT_PATH"),
        MCP_CLIENT_KEY_PATH("mcp.client-key-path", "MCP_CLIENT_KEY_PATH"),
        MCP_ALLOW_INSECURE_HTTP("mcp.allow-insecure-http", "MCP_ALLOW_INSECURE_HTTP"),
        SESSION_REQUIRE_BEARER("gateway.session.require-bearer", "SESSION_REQUIRE_BEARER"),
        MCP_RATE_LIMIT("mcp.rate-limit-per-minute", "MCP_RATE_LIMIT_PER_MINUTE"),
        MCP_MAX_RESPONSE_SIZE_KB("mcp.max-response-size-kb", "MCP_MAX_RESPONSE_SIZE_KB"),
        MCP_CIRCUIT_OPEN("mcp.circuit-open-seconds", "MCP_CIRCUIT_OPEN_SECONDS"),
        MCP_MAX_RETRIES("mcp.max-retries", "MCP_MAX_RETRIES"),
        MCP_FORWARD_USER_CONTEXT("mcp.forward-user-context", "MCP_FORWARD_USER_CONTEXT"),
        MCP_MAX_CONCURRENT_CALLS("mcp.max-concurrent-calls", "MCP_MAX_CONCURRENT_CALLS"),
        MCP_MAX_CONCURRENT_CALLS_PER_SESSION("mcp.max-concurrent-calls-per-session", "MCP_MAX_CONCURRENT_CALLS_PER_SESSION"),
        MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL("mcp.max-concurrent-calls-per-principal",
                "MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL", "(not set: a quarter of MCP_MAX_CONCURRENT_CALLS, at least 1)"),
        SERVER_HOST("camel.server.host", "GATEWAY_HOST"),
        MANAGEMENT_HOST("camel.management.host", "MANAGEMENT_HOST"),
        MANAGEMENT_PORT("camel.management.port", "MANAGEMENT_PORT"),
        SESSION_MAX_LIFETIME("gateway.session.max-lifetime-seconds", "SESSION_MAX_LIFETIME"),
        SESSION_REVALIDATE("gateway.session.revalidate-seconds", "SESSION_REVALIDATE_SECONDS"),
        SESSION_REVALIDATE_GRACE("gateway.session.revalidate-grace-seconds", "SESSION_REVALIDATE_GRACE_SECONDS"),
        SESSION_MAX_PER_PRINCIPAL("gateway.session.max-per-principal", "SESSION_MAX_PER_PRINCIPAL"),
        SESSION_MAX_PER_CLIENT("gateway.session.max-per-client", "SESSION_MAX_PER_CLIENT"),
        VALIDATION_MAX_CONCURRENT("gateway.api.validation-max-concurrent", "VALIDATION_MAX_CONCURRENT"),
        SERVER_IDLE_TIMEOUT("gateway.http.idle-timeout-seconds", "GATEWAY_IDLE_TIMEOUT"),
        SERVER_REQUEST_READ_TIMEOUT("gateway.http.request-read-timeout-seconds", "GATEWAY_REQUEST_READ_TIMEOUT");

        public final String property;
        public final String env;
        /** Never shown: not in logs, not in problem messages, not in the effective configuration. */
        public final boolean secret;
        /** What the effective configuration shows when the setting is empty: what the gateway does then. */
        public final String whenUnset;

        Key(String property, String env) {
            this(property, env, false);
        }

        Key(String property, String env, boolean secret) {
            this(property, env, secret, "(not set)");
        }

        Key(String property, String env, String whenUnset) {
            this(property, env, false, whenUnset);
        }

        Key(String property, String env, boolean secret, String whenUnset) {
            this.property = property;
            this.env = env;
            this.secret = secret;
            this.whenUnset = whenUnset;
        }

        @Override
        public String toString() {
            return env + " (" + property + ")";
        }
    }

    /** @param lookup a property's resolved value, or null when it is not defined */
    public static GatewaySettings load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        long sessionMax = r.number(Key.SESSION_MAX, 1, 10_000_000);
        int maxConcurrentCalls = (int) r.number(Key.MCP_MAX_CONCURRENT_CALLS, 1, 10_000);
        GatewaySettings settings = new GatewaySettings(
                (int) r.number(Key.SERVER_PORT, 0, 65_535),
                r.number(Key.SERVER_MAX_BODY, 1_024, 1L << 30),
                Duration.ofSeconds(r.number(Key.VALIDATION_TIMEOUT, 1, 300)),
                r.hostPatterns(Key.API_ALLOWED_HOSTS),
                r.origins(Key.API_ALLOWED_ORIGINS),
                Duration.ofSeconds(r.number(Key.SESSION_IDLE_TTL, 1, 30L * 24 * 3600)),
                sessionMax,
                (int) r.number(Key.INIT_RATE_LIMIT, 1, 1_000_000),
                r.httpUrl(Key.MCP_SERVER_URL),
                r.text(Key.MCP_API_KEY),
                r.text(Key.MCP_AUTH_TOKEN),
                r.bool(Key.MCP_SSL_VERIFY),
                r.readableFile(Key.MCP_CERT_PATH),
                Duration.ofSeconds(r.number(Key.MCP_CONNECTION_TIMEOUT, 1, 300)),
                Duration.ofSeconds(r.number(Key.MCP_REQUEST_TIMEOUT, 1, 3_600)),
                (int) r.number(Key.MCP_MAX_REQUEST_SIZE_KB, 1, 1_048_576),
                r.text(Key.MCP_SIGNING_SECRET),
                r.bool(Key.MCP_REQUIRE_SIGNING),
                r.readableFile(Key.MCP_CLIENT_CERT_PATH),
                r.readableFile(Key.MCP_CLIENT_KEY_PATH),
                r.bool(Key.MCP_ALLOW_INSECURE_HTTP),
                r.bool(Key.SESSION_REQUIRE_BEARER),
                (int) r.number(Key.MCP_RATE_LIMIT, 1, 1_000_000),
                (int) r.number(Key.MCP_MAX_RESPONSE_SIZE_KB, 1, 1_048_576),
                Duration.ofSeconds(r.number(Key.MCP_CIRCUIT_OPEN, 1, 3_600)),
                (int) r.number(Key.MCP_MAX_RETRIES, 0, 10),
                r.bool(Key.MCP_FORWARD_USER_CONTEXT),
                maxConcurrentCalls,
                (int) r.number(Key.MCP_MAX_CONCURRENT_CALLS_PER_SESSION, 1, 10_000),
                // a quarter of the total unless set: room for four busy principals before anyone is refused
                (int) r.numberOr(Key.MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL, 1, 10_000,
                        () -> Math.max(1, maxConcurrentCalls / 4)),
                r.host(Key.SERVER_HOST),
                r.host(Key.MANAGEMENT_HOST),
                (int) r.number(Key.MANAGEMENT_PORT, 0, 65_535),
                Duration.ofSeconds(r.number(Key.SESSION_MAX_LIFETIME, 1, 30L * 24 * 3600)),
                Duration.ofSeconds(r.number(Key.SESSION_REVALIDATE, 1, 30L * 24 * 3600)),
                Duration.ofSeconds(r.number(Key.SESSION_REVALIDATE_GRACE, 0, 24L * 3600)),
                (int) r.number(Key.SESSION_MAX_PER_PRINCIPAL, 1, 10_000_000),
                r.numberOr(Key.SESSION_MAX_PER_CLIENT, 1, 10_000_000,
                        () -> Math.max(1, sessionMax / 2)),
                (int) r.number(Key.VALIDATION_MAX_CONCURRENT, 1, 1_000),
                Duration.ofSeconds(r.number(Key.SERVER_IDLE_TIMEOUT, 1, 3_600)),
                Duration.ofSeconds(r.number(Key.SERVER_REQUEST_READ_TIMEOUT, 1, 300)));
        if (r.problems.isEmpty() && settings.mcpMaxRequestSizeKb * 1024L > settings.serverMaxBodyBytes) {
            r.problems.add("Invalid configuration: " + Key.MCP_MAX_REQUEST_SIZE_KB + " must not exceed "
                    + Key.SERVER_MAX_BODY + ", the server's hard limit on any body");
        }
        int secretBytes = settings.mcpSigningSecret.getBytes(StandardCharsets.UTF_8).length;
        if (secretBytes > 0 && secretBytes < RequestSignature.MIN_SECRET_BYTES) {
            r.problems.add("Invalid configuration: " + Key.MCP_SIGNING_SECRET + " must be at least "
                    + RequestSignature.MIN_SECRET_BYTES + " bytes");
        }
        if (secretBytes == 0 && settings.mcpRequireSigning) {
            r.problems.add("Invalid configuration: " + Key.MCP_REQUIRE_SIGNING + " demands "
                    + Key.MCP_SIGNING_SECRET + ", which is not set");
        }
        if (settings.mcpForwardUserContext && settings.mcpSigningSecret.isEmpty()) {
            r.problems.add("Invalid configuration: " + Key.MCP_FORWARD_USER_CONTEXT + " needs " + Key.MCP_SIGNING_SECRET
                    + ": the user's API token is only ever forwarded signed");
        }
        if (settings.mcpForwardUserContext && settings.mcpServerUrl != null
                && settings.mcpServerUrl.getScheme().equalsIgnoreCase("http") && !isLoopback(settings.mcpServerUrl.getHost())) {
            r.problems.add("Invalid configuration: " + Key.MCP_FORWARD_USER_CONTEXT + " needs an https "
                    + Key.MCP_SERVER_URL + " (or a loopback one): the user's API token never travels unencrypted");
        }
        if ((settings.mcpClientCertPath == null) != (settings.mcpClientKeyPath == null)) {
            r.problems.add("Invalid configuration: " + Key.MCP_CLIENT_CERT_PATH + " and " + Key.MCP_CLIENT_KEY_PATH
                    + " must be set together");
        }
        if (settings.mcpServerUrl != null && settings.mcpServerUrl.getScheme().equalsIgnoreCase("http")
                && !isLoopback(settings.mcpServerUrl.getHost()) && !settings.mcpAllowInsecureHttp) {
            r.problems.add("Invalid configuration: " + Key.MCP_SERVER_URL + " uses plain http to a non-loopback host;"
                    + " use https, or set " + Key.MCP_ALLOW_INSECURE_HTTP + " to accept the risk");
        }
        if (settings.managementPort != 0 && settings.managementPort == settings.serverPort) {
            r.problems.add("Invalid configuration: " + Key.MANAGEMENT_PORT + " must differ from " + Key.SERVER_PORT
                    + ": health and metrics stay off the port callers use");
        }
        if (!r.problems.isEmpty()) {
            throw new InvalidConfigurationException(r.problems);
        }
        return settings;
    }

    /**
     * The effective configuration, one line per setting in declaration order, for the start-up log: secrets only say
     * whether they are set.
     */
    public static List<String> effective(Function<String, String> lookup) {
        List<String> lines = new ArrayList<>();
        for (Key key : Key.values()) {
            String value = lookup.apply(key.property);
            String shown = value == null || value.isBlank() ? key.whenUnset : key.secret ? "(set, masked)" : value.trim();
            lines.add(key.env + " = " + shown);
        }
        return lines;
    }

    /** Configured secrets, for the log sanitizer. */
    public List<String> secrets() {
        return List.of(mcpApiKey, mcpAuthToken, mcpSigningSecret).stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Insecure or surprising choices an operator must see at every start. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (apiAllowedOrigins.isEmpty()) {
            warnings.add("API_ALLOWED_ORIGINS is not set: ANY public credential API may open sessions, and so act with"
                    + " the gateway's upstream credential under a principal of its choosing. List your APIs' origins.");
        }
        if (mcpSigningSecret.isEmpty()) {
            warnings.add("MCP_SIGNING_SECRET is not set: requests to the MCP server are NOT signed.");
        }
        if (mcpAllowInsecureHttp && mcpServerUrl.getScheme().equalsIgnoreCase("http") && !isLoopback(mcpServerUrl.getHost())) {
            warnings.add("MCP_ALLOW_INSECURE_HTTP=true: requests to the MCP server travel unencrypted.");
        }
        if (!sessionRequireBearer) {
            warnings.add("SESSION_REQUIRE_BEARER=false: tool requests are accepted without the session's token."
                    + " Only for callers on a trusted network.");
        }
        if (!mcpSslVerify) {
            warnings.add("MCP_SSL_VERIFY=false: TLS certificates of the MCP server are NOT verified. Never use this in production.");
        }
        return warnings;
    }

    @Override
    public String toString() {
        return "GatewaySettings[secrets masked]";
    }

    /** localhost or a loopback address literal; other names are not resolved here and count as remote. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static final class Reader {
        private final Function<String, String> lookup;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, String> lookup) {
            this.lookup = lookup;
        }

        String text(Key key) {
            String value = lookup.apply(key.property);
            return value == null ? "" : value.trim();
        }

        /** A number, or the derived default when the setting is left empty. */
        long numberOr(Key key, long min, long max, java.util.function.LongSupplier derived) {
            return text(key).isEmpty() ? derived.getAsLong() : number(key, min, max);
        }

        long number(Key key, long min, long max) {
            String value = text(key);
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, without the value
            }
            problems.add("Invalid configuration: " + key + " must be a whole number from " + min + " to " + max);
            return min;
        }

        /**
         * Exact host names or addresses, and {@code *.domain} wildcards naming at least two labels: a bare {@code *}
         * or {@code *.com} would switch the SSRF guard off for most of the internet.
         */
        HostAllowList hostPatterns(Key key) {
            HostAllowList list = HostAllowList.parse(text(key));
            boolean valid = list.patterns().stream().allMatch(p ->
                    p.matches("[a-z0-9.\\-]{1,253}|\\[?[0-9a-f:.]+]?|\\*\\.[a-z0-9\\-]+\\.[a-z0-9.\\-]+"));
            if (!valid) {
                problems.add("Invalid configuration: " + key + " must list host names, addresses or *.domain"
                        + " wildcards of at least two labels, separated by commas");
            }
            return list;
        }

        /** Origins of credential APIs; each entry that is not one is a line of its own, by position, never by value. */
        ApiOrigins origins(Key key) {
            List<String> entryProblems = new ArrayList<>();
            ApiOrigins origins = ApiOrigins.parse(text(key), entryProblems);
            entryProblems.forEach(problem -> problems.add("Invalid configuration: " + key + " " + problem
                    + "; list origins as scheme://host[:port] or scheme://*.domain, separated by commas"));
            return origins;
        }

        /** A host name or an IP literal to bind to. */
        String host(Key key) {
            String value = text(key);
            if (!value.matches("[A-Za-z0-9.\\-]{1,253}|\\[?[0-9A-Fa-f:.]+]?")) {
                problems.add("Invalid configuration: " + key + " must be a host name or an IP address");
            }
            return value;
        }

        boolean bool(Key key) {
            String value = text(key).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problems.add("Invalid configuration: " + key + " must be true or false");
            }
            return !value.equals("false");
        }

        URI httpUrl(Key key) {
            try {
                URI uri = new URI(text(key));
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, without the value
            }
            problems.add("Invalid configuration: " + key + " must be an absolute http or https URL without user-info");
            return null;
        }

        Path readableFile(Key key) {
            String value = text(key);
            if (value.isEmpty()) {
                return null;
            }
            Path path = Path.of(value);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                problems.add("Invalid configuration: " + key + " must name a readable file");
            }
            return path;
        }
    }
}
