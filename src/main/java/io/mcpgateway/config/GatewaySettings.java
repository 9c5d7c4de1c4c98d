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
import io.mcpgateway.state.redis.RedisEndpoint;
import io.mcpgateway.state.redis.StateSealing;
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
        Duration serverRequestReadTimeout,
        Duration toolListTtl,
        Path mcpUpstreamsFile,
        EndpointSettings endpoint,
        StateSettings state) {

    /** Where a setting belongs: its section in docs/configuration.md. */
    public enum Group {
        SERVER("Inbound HTTP"),
        MANAGEMENT("Management: health and metrics"),
        CREDENTIAL_API("Credential API"),
        SESSIONS("Sessions"),
        UPSTREAM("Upstream MCP server"),
        UPSTREAM_TLS("Upstream: TLS"),
        UPSTREAM_TIMEOUTS("Upstream: timeouts"),
        UPSTREAM_RETRIES("Upstream: retries"),
        UPSTREAM_BREAKER("Upstream: circuit breaker"),
        UPSTREAM_LIMITS("Upstream: limits"),
        MCP_ENDPOINT("MCP endpoint (/mcp)"),
        SHARED_STATE("Shared state");

        /** The heading of the section, as docs/configuration.md starts it. */
        public final String heading;

        Group(String heading) {
            this.heading = heading;
        }
    }

    /** What a value must be; the loader checks it accordingly. */
    public enum Type {
        /** A whole number within the key's range. */
        NUMBER,
        /** A whole number of seconds within the key's range. */
        SECONDS,
        BOOLEAN,
        /** Free text, never shown. */
        SECRET,
        /** Host names, addresses and *.domain wildcards, comma-separated. */
        HOST_PATTERNS,
        /** Origins scheme://host[:port] and scheme://*.domain, comma-separated. */
        ORIGINS,
        /** A host name or an IP address to bind to. */
        HOST,
        /** An absolute http or https URL without user-info. */
        URL,
        /** Absolute http or https URLs without user-info, comma-separated, or empty. */
        URLS,
        /** A readable file, or empty. */
        FILE,
        /** One of the words the description names. */
        CHOICE,
        /** A redis:// or rediss:// URL, shown with its user-info masked. */
        REDIS_URL,
        /** A prefix for Redis keys: letters, digits and . _ : - (no braces: they are the keys' hash tags). */
        KEY_PREFIX
    }

    /**
     * Every setting, declared once: its section, property key, environment variable, type, default, range, what
     * leaving it empty means, and what it is for. application.properties and docs/configuration.md are checked
     * against this declaration by ConfigurationReferenceTest.
     */
    public enum Key {
        SERVER_PORT(Group.SERVER, "camel.server.port", "GATEWAY_PORT", Type.NUMBER, "8080", 0, 65_535,
                "Listening port; 0 lets the system pick one"),
        SERVER_MAX_BODY(Group.SERVER, "camel.server.maxBodySize", "GATEWAY_MAX_BODY_BYTES", Type.NUMBER, "2097152",
                1_024, 1L << 30, "Hard limit on any request body, bytes"),
        VALIDATION_TIMEOUT(Group.CREDENTIAL_API, "gateway.api.validation-timeout-seconds", "VALIDATION_TIMEOUT",
                Type.SECONDS, "5", 1, 300, "Total time for one credential probe"),
        API_ALLOWED_HOSTS(Group.CREDENTIAL_API, "gateway.api.allowed-hosts", "API_ALLOWED_HOSTS", Type.HOST_PATTERNS, "",
                "Host patterns exempt from the SSRF guard"),
        API_ALLOWED_ORIGINS(Group.CREDENTIAL_API, "gateway.api.allowed-origins", "API_ALLOWED_ORIGINS", Type.ORIGINS, "",
                0, 0, "(not set: ANY public credential API may open sessions)",
                "Origins of the credential APIs that may open sessions"),
        SESSION_IDLE_TTL(Group.SESSIONS, "gateway.session.idle-ttl-seconds", "SESSION_IDLE_TTL", Type.SECONDS, "1800",
                1, 30L * 24 * 3600, "A session unused successfully this long expires"),
        SESSION_MAX(Group.SESSIONS, "gateway.session.max", "SESSION_MAX", Type.NUMBER, "10000", 1, 10_000_000,
                "Upper bound on stored sessions"),
        INIT_RATE_LIMIT(Group.SESSIONS, "gateway.init.rate-limit-per-minute", "INIT_RATE_LIMIT_PER_MINUTE", Type.NUMBER,
                "30", 1, 1_000_000, "/init attempts per client address per minute"),
        MCP_SERVER_URL(Group.UPSTREAM, "mcp.server-url", "MCP_SERVER_URL", Type.URL, "http://localhost:3000/mcp",
                "The MCP endpoint"),
        MCP_UPSTREAMS_FILE(Group.UPSTREAM, "mcp.upstreams-file", "MCP_UPSTREAMS_FILE", Type.FILE, "",
                "YAML file of several upstream MCP servers and the tool policy; empty: the one MCP_SERVER_URL"),
        MCP_API_KEY(Group.UPSTREAM, "mcp.api-key", "MCP_API_KEY", Type.SECRET, "",
                "The gateway's own credential toward the MCP server"),
        MCP_AUTH_TOKEN(Group.UPSTREAM, "mcp.auth-token", "MCP_AUTH_TOKEN", Type.SECRET, "",
                "Bearer credential toward the MCP server; wins over MCP_API_KEY"),
        MCP_SSL_VERIFY(Group.UPSTREAM_TLS, "mcp.ssl-verify", "MCP_SSL_VERIFY", Type.BOOLEAN, "true",
                "Verify the MCP server's certificate and host name"),
        MCP_CERT_PATH(Group.UPSTREAM_TLS, "mcp.cert-path", "MCP_CERT_PATH", Type.FILE, "",
                "PEM CA bundle to trust for the MCP server"),
        MCP_CONNECTION_TIMEOUT(Group.UPSTREAM_TIMEOUTS, "mcp.connection-timeout-seconds", "MCP_CONNECTION_TIMEOUT",
                Type.SECONDS, "5", 1, 300, "Connect timeout, and the longest wait for a pooled connection"),
        MCP_REQUEST_TIMEOUT(Group.UPSTREAM_TIMEOUTS, "mcp.request-timeout-seconds", "MCP_REQUEST_TIMEOUT", Type.SECONDS,
                "60", 1, 3_600, "Limit on a whole upstream request, retries included"),
        MCP_MAX_REQUEST_SIZE_KB(Group.UPSTREAM_LIMITS, "mcp.max-request-size-kb", "MCP_MAX_REQUEST_SIZE_KB", Type.NUMBER,
                "1024", 1, 1_048_576, "Largest tool request body, KiB"),
        MCP_SIGNING_SECRET(Group.UPSTREAM, "mcp.signing-secret", "MCP_SIGNING_SECRET", Type.SECRET, "",
                "HMAC secret for signing upstream requests"),
        MCP_REQUIRE_SIGNING(Group.UPSTREAM, "mcp.require-signing", "MCP_REQUIRE_SIGNING", Type.BOOLEAN, "false",
                "Refuse to start without a signing secret"),
        MCP_CLIENT_CERT_PATH(Group.UPSTREAM_TLS, "mcp.client-cert-path", "MCP_CLIENT_CERT_PATH", Type.FILE, "",
                "PEM client certificate chain for mutual TLS"),
        MCP_CLIENT_KEY_PATH(Group.UPSTREAM_TLS, "mcp.client-key-path", "MCP_CLIENT_KEY_PATH", Type.FILE, "",
                "Unencrypted PEM private key of the client certificate"),
        MCP_ALLOW_INSECURE_HTTP(Group.UPSTREAM_TLS, "mcp.allow-insecure-http", "MCP_ALLOW_INSECURE_HTTP", Type.BOOLEAN,
                "false", "Accept plain http to a non-loopback MCP server"),
        SESSION_REQUIRE_BEARER(Group.SESSIONS, "gateway.session.require-bearer", "SESSION_REQUIRE_BEARER", Type.BOOLEAN,
                "true", "Tool requests must carry the session's bearer token"),
        MCP_RATE_LIMIT(Group.UPSTREAM_LIMITS, "mcp.rate-limit-per-minute", "MCP_RATE_LIMIT_PER_MINUTE", Type.NUMBER,
                "100", 1, 1_000_000, "Tool requests per session per minute"),
        MCP_MAX_RESPONSE_SIZE_KB(Group.UPSTREAM_LIMITS, "mcp.max-response-size-kb", "MCP_MAX_RESPONSE_SIZE_KB",
                Type.NUMBER, "10240", 1, 1_048_576, "Largest upstream answer read, KiB"),
        MCP_CIRCUIT_OPEN(Group.UPSTREAM_BREAKER, "mcp.circuit-open-seconds", "MCP_CIRCUIT_OPEN_SECONDS", Type.SECONDS,
                "30", 1, 3_600, "How long the upstream circuit stays open"),
        MCP_MAX_RETRIES(Group.UPSTREAM_RETRIES, "mcp.max-retries", "MCP_MAX_RETRIES", Type.NUMBER, "3", 0, 10,
                "Retries of a failed upstream request"),
        MCP_FORWARD_USER_CONTEXT(Group.UPSTREAM, "mcp.forward-user-context", "MCP_FORWARD_USER_CONTEXT", Type.BOOLEAN,
                "false", "Forward the user's API URL and token upstream"),
        MCP_MAX_CONCURRENT_CALLS(Group.UPSTREAM_LIMITS, "mcp.max-concurrent-calls", "MCP_MAX_CONCURRENT_CALLS",
                Type.NUMBER, "32", 1, 10_000, "Tool requests in progress at once in all"),
        MCP_MAX_CONCURRENT_CALLS_PER_SESSION(Group.UPSTREAM_LIMITS, "mcp.max-concurrent-calls-per-session",
                "MCP_MAX_CONCURRENT_CALLS_PER_SESSION", Type.NUMBER, "4", 1, 10_000,
                "Tool requests of one session in progress at once"),
        MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL(Group.UPSTREAM_LIMITS, "mcp.max-concurrent-calls-per-principal",
                "MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL", Type.NUMBER, "", 1, 10_000,
                "(not set: a quarter of MCP_MAX_CONCURRENT_CALLS, at least 1)",
                "Tool requests in progress at once for all sessions of one principal"),
        SERVER_HOST(Group.SERVER, "camel.server.host", "GATEWAY_HOST", Type.HOST, "127.0.0.1", "Bind address"),
        MANAGEMENT_HOST(Group.MANAGEMENT, "camel.management.host", "MANAGEMENT_HOST", Type.HOST, "127.0.0.1",
                "Bind address of the management server"),
        MANAGEMENT_PORT(Group.MANAGEMENT, "camel.management.port", "MANAGEMENT_PORT", Type.NUMBER, "9876", 0, 65_535,
                "Port of the management server"),
        SESSION_MAX_LIFETIME(Group.SESSIONS, "gateway.session.max-lifetime-seconds", "SESSION_MAX_LIFETIME",
                Type.SECONDS, "43200", 1, 30L * 24 * 3600, "A session ends this long after its first /init"),
        SESSION_REVALIDATE(Group.SESSIONS, "gateway.session.revalidate-seconds", "SESSION_REVALIDATE_SECONDS",
                Type.SECONDS, "900", 1, 30L * 24 * 3600, "How long the credential API's yes holds"),
        SESSION_REVALIDATE_GRACE(Group.SESSIONS, "gateway.session.revalidate-grace-seconds",
                "SESSION_REVALIDATE_GRACE_SECONDS", Type.SECONDS, "300", 0, 24L * 3600,
                "How long requests are served past the interval while the API gives no verdict"),
        SESSION_MAX_PER_PRINCIPAL(Group.SESSIONS, "gateway.session.max-per-principal", "SESSION_MAX_PER_PRINCIPAL",
                Type.NUMBER, "20", 1, 10_000_000, "Sessions one principal may hold at once"),
        SESSION_MAX_PER_CLIENT(Group.SESSIONS, "gateway.session.max-per-client", "SESSION_MAX_PER_CLIENT", Type.NUMBER,
                "", 1, 10_000_000, "(not set: half of SESSION_MAX)",
                "Sessions opened from one client address that may be held at once"),
        VALIDATION_MAX_CONCURRENT(Group.CREDENTIAL_API, "gateway.api.validation-max-concurrent",
                "VALIDATION_MAX_CONCURRENT", Type.NUMBER, "16", 1, 1_000, "Credential probes in progress at once"),
        SERVER_IDLE_TIMEOUT(Group.SERVER, "gateway.http.idle-timeout-seconds", "GATEWAY_IDLE_TIMEOUT", Type.SECONDS,
                "30", 1, 3_600, "A connection with no request in progress is closed after this"),
        SERVER_REQUEST_READ_TIMEOUT(Group.SERVER, "gateway.http.request-read-timeout-seconds",
                "GATEWAY_REQUEST_READ_TIMEOUT", Type.SECONDS, "10", 1, 300,
                "A request's head and body must have arrived within this of its first byte"),
        TOOL_LIST_TTL(Group.UPSTREAM_LIMITS, "mcp.tool-list-ttl-seconds", "MCP_TOOL_LIST_TTL_SECONDS", Type.SECONDS,
                "60", 1, 3_600, "How long a session's tool list is trusted for validating calls"),
        MCP_ENDPOINT_API_URL(Group.MCP_ENDPOINT, "gateway.mcp-endpoint.api-url", "MCP_ENDPOINT_API_URL", Type.URLS, "",
                0, 0, "(not set: /mcp answers 404)",
                "The users' API that proves an MCP client's bearer token ({url}/settings/validate), never the client's"),
        MCP_ENDPOINT_PUBLIC_URL(Group.MCP_ENDPOINT, "gateway.mcp-endpoint.public-url", "MCP_ENDPOINT_PUBLIC_URL",
                Type.URLS, "", 0, 0, "(not set: http://GATEWAY_HOST:GATEWAY_PORT)",
                "The gateway's canonical base URL as clients reach it: the resource of its OAuth metadata"),
        MCP_ENDPOINT_ALLOWED_ORIGINS(Group.MCP_ENDPOINT, "gateway.mcp-endpoint.allowed-origins",
                "MCP_ENDPOINT_ALLOWED_ORIGINS", Type.ORIGINS, "", 0, 0,
                "(not set: a request with an Origin header is refused)",
                "Browser origins whose requests /mcp serves (DNS rebinding: any other Origin is a 403)"),
        MCP_ENDPOINT_AUTHORIZATION_SERVERS(Group.MCP_ENDPOINT, "gateway.mcp-endpoint.authorization-servers",
                "MCP_ENDPOINT_AUTHORIZATION_SERVERS", Type.URLS, "",
                "OAuth authorization servers that issue /mcp tokens, listed in the protected resource metadata"),
        STATE(Group.SHARED_STATE, "gateway.state.store", "GATEWAY_STATE", Type.CHOICE, "memory",
                "memory (this instance) or redis (shared by every replica)"),
        STATE_URL(Group.SHARED_STATE, "gateway.state.url", "GATEWAY_STATE_URL", Type.REDIS_URL, "",
                "The Redis: redis://[user:password@]host:port/db, or rediss:// for TLS"),
        STATE_CA_PATH(Group.SHARED_STATE, "gateway.state.ca-path", "GATEWAY_STATE_CA_PATH", Type.FILE, "",
                "PEM CA bundle to trust for a rediss:// Redis"),
        STATE_KEY(Group.SHARED_STATE, "gateway.state.key", "GATEWAY_STATE_KEY", Type.SECRET, "",
                "Base64 of 32 random bytes: seals and names everything the gateway writes to Redis"),
        STATE_KEY_PREVIOUS(Group.SHARED_STATE, "gateway.state.key-previous", "GATEWAY_STATE_KEY_PREVIOUS",
                Type.SECRET, "", "The key before a rotation: opens and finds what it sealed, writes nothing"),
        STATE_PREFIX(Group.SHARED_STATE, "gateway.state.prefix", "GATEWAY_STATE_PREFIX", Type.KEY_PREFIX, "mcpgw:",
                "Prefix of every Redis key the gateway writes"),
        STATE_TIMEOUT(Group.SHARED_STATE, "gateway.state.timeout-ms", "GATEWAY_STATE_TIMEOUT_MS", Type.NUMBER, "500",
                10, 10_000, "Limit on each Redis step (connect, answer, wait for a pooled connection), ms"),
        STATE_POOL_SIZE(Group.SHARED_STATE, "gateway.state.pool-size", "GATEWAY_STATE_POOL_SIZE", Type.NUMBER, "16",
                1, 1_024, "Connections to Redis at most");

        public final Group group;
        public final String property;
        public final String env;
        public final Type type;
        /** The value application.properties gives when the environment variable is not set; "" for none. */
        public final String defaultValue;
        /** The allowed range of a number or a number of seconds; unused for other types. */
        public final long min;
        public final long max;
        /** Never shown: not in logs, not in problem messages, not in the effective configuration. */
        public final boolean secret;
        /** What the effective configuration shows when the setting is empty: what the gateway does then. */
        public final String whenUnset;
        public final String description;

        Key(Group group, String property, String env, Type type, String defaultValue, String description) {
            this(group, property, env, type, defaultValue, 0, 0, "(not set)", description);
        }

        Key(Group group, String property, String env, Type type, String defaultValue, long min, long max,
            String description) {
            this(group, property, env, type, defaultValue, min, max, "(not set)", description);
        }

        Key(Group group, String property, String env, Type type, String defaultValue, long min, long max,
            String whenUnset, String description) {
            this.group = group;
            this.property = property;
            this.env = env;
            this.type = type;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
            this.secret = type == Type.SECRET;
            this.whenUnset = whenUnset;
            this.description = description;
        }

        @Override
        public String toString() {
            return env + " (" + property + ")";
        }
    }

    /** @param lookup a property's resolved value, or null when it is not defined */
    public static GatewaySettings load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        long sessionMax = r.number(Key.SESSION_MAX);
        int maxConcurrentCalls = (int) r.number(Key.MCP_MAX_CONCURRENT_CALLS);
        GatewaySettings settings = new GatewaySettings(
                (int) r.number(Key.SERVER_PORT),
                r.number(Key.SERVER_MAX_BODY),
                r.seconds(Key.VALIDATION_TIMEOUT),
                r.hostPatterns(Key.API_ALLOWED_HOSTS),
                r.origins(Key.API_ALLOWED_ORIGINS),
                r.seconds(Key.SESSION_IDLE_TTL),
                sessionMax,
                (int) r.number(Key.INIT_RATE_LIMIT),
                r.httpUrl(Key.MCP_SERVER_URL),
                r.text(Key.MCP_API_KEY),
                r.text(Key.MCP_AUTH_TOKEN),
                r.bool(Key.MCP_SSL_VERIFY),
                r.readableFile(Key.MCP_CERT_PATH),
                r.seconds(Key.MCP_CONNECTION_TIMEOUT),
                r.seconds(Key.MCP_REQUEST_TIMEOUT),
                (int) r.number(Key.MCP_MAX_REQUEST_SIZE_KB),
                r.text(Key.MCP_SIGNING_SECRET),
                r.bool(Key.MCP_REQUIRE_SIGNING),
                r.readableFile(Key.MCP_CLIENT_CERT_PATH),
                r.readableFile(Key.MCP_CLIENT_KEY_PATH),
                r.bool(Key.MCP_ALLOW_INSECURE_HTTP),
                r.bool(Key.SESSION_REQUIRE_BEARER),
                (int) r.number(Key.MCP_RATE_LIMIT),
                (int) r.number(Key.MCP_MAX_RESPONSE_SIZE_KB),
                r.seconds(Key.MCP_CIRCUIT_OPEN),
                (int) r.number(Key.MCP_MAX_RETRIES),
                r.bool(Key.MCP_FORWARD_USER_CONTEXT),
                maxConcurrentCalls,
                (int) r.number(Key.MCP_MAX_CONCURRENT_CALLS_PER_SESSION),
                // a quarter of the total unless set: room for four busy principals before anyone is refused
                (int) r.numberOr(Key.MCP_MAX_CONCURRENT_CALLS_PER_PRINCIPAL,
                        () -> Math.max(1, maxConcurrentCalls / 4)),
                r.host(Key.SERVER_HOST),
                r.host(Key.MANAGEMENT_HOST),
                (int) r.number(Key.MANAGEMENT_PORT),
                r.seconds(Key.SESSION_MAX_LIFETIME),
                r.seconds(Key.SESSION_REVALIDATE),
                r.seconds(Key.SESSION_REVALIDATE_GRACE),
                (int) r.number(Key.SESSION_MAX_PER_PRINCIPAL),
                r.numberOr(Key.SESSION_MAX_PER_CLIENT,
                        () -> Math.max(1, sessionMax / 2)),
                (int) r.number(Key.VALIDATION_MAX_CONCURRENT),
                r.seconds(Key.SERVER_IDLE_TIMEOUT),
                r.seconds(Key.SERVER_REQUEST_READ_TIMEOUT),
                r.seconds(Key.TOOL_LIST_TTL),
                r.readableFile(Key.MCP_UPSTREAMS_FILE),
                r.endpoint(),
                r.state());
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
        r.checkState(settings.state);
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
            String shown = value == null || value.isBlank() ? key.whenUnset : key.secret ? "(set, masked)"
                    : key.type == Type.REDIS_URL ? RedisEndpoint.masked(value.trim()) : value.trim();
            lines.add(key.env + " = " + shown);
        }
        return lines;
    }

    /**
     * The longest a request may legitimately hold its worker: its upstream deadline (tool-list fetch and schema check
     * included) and a re-validation probe, with a margin. Vert.x warns only past it, and a concurrency lease lapses
     * only after it (a gateway that died mid-call frees its slots then).
     */
    public Duration longestRequestHold() {
        return mcpRequestTimeout().plus(validationTimeout()).plusSeconds(10);
    }

    /** Configured secrets, for the log sanitizer. */
    public List<String> secrets() {
        String statePassword = state.endpoint() == null || state.endpoint().password() == null ? ""
                : state.endpoint().password();
        return List.of(mcpApiKey, mcpAuthToken, mcpSigningSecret, state.key(), state.previousKey(), statePassword)
                .stream().filter(s -> !s.isEmpty()).toList();
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
        if (state.shared() && !state.endpoint().tls() && !isLoopback(state.endpoint().host())) {
            warnings.add("GATEWAY_STATE_URL uses plain redis:// to a non-loopback host: what the gateway stores is sealed,"
                    + " but the Redis password and every limit travel unencrypted and can be tampered with. Use rediss://.");
        }
        if (state.shared() && state.endpoint().password() == null && !isLoopback(state.endpoint().host())) {
            warnings.add("GATEWAY_STATE_URL names no password: whoever reaches that Redis can change the gateway's"
                    + " limits and sessions. Use an ACL user with a password.");
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
        long numberOr(Key key, java.util.function.LongSupplier derived) {
            return text(key).isEmpty() ? derived.getAsLong() : number(key);
        }

        Duration seconds(Key key) {
            return Duration.ofSeconds(number(key));
        }

        /** A whole number within the key's declared range. */
        long number(Key key) {
            long min = key.min;
            long max = key.max;
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
            URI uri = asHttpUrl(text(key));
            if (uri == null) {
                problems.add("Invalid configuration: " + key + " must be an absolute http or https URL without user-info");
            }
            return uri;
        }

        /** The value as an absolute http or https URL without user-info, or null when it is not one. */
        private static URI asHttpUrl(String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // the caller reports it, without the value
            }
            return null;
        }

        /** Comma-separated absolute http(s) URLs; empty gives none. */
        List<URI> httpUrls(Key key) {
            List<URI> urls = new ArrayList<>();
            for (String entry : text(key).split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                URI uri = asHttpUrl(entry.strip());
                if (uri != null) {
                    urls.add(uri);
                } else {
                    problems.add("Invalid configuration: " + key + " must list absolute http or https URLs without"
                            + " user-info, separated by commas");
                }
            }
            return urls;
        }

        EndpointSettings endpoint() {
            List<URI> apiUrl = httpUrls(Key.MCP_ENDPOINT_API_URL);
            List<URI> publicUrl = httpUrls(Key.MCP_ENDPOINT_PUBLIC_URL);
            if (apiUrl.size() > 1 || publicUrl.size() > 1) {
                problems.add("Invalid configuration: " + Key.MCP_ENDPOINT_API_URL + " and " + Key.MCP_ENDPOINT_PUBLIC_URL
                        + " take one URL each");
            }
            return new EndpointSettings(apiUrl.isEmpty() ? null : apiUrl.get(0),
                    publicUrl.isEmpty() ? null : publicUrl.get(0), origins(Key.MCP_ENDPOINT_ALLOWED_ORIGINS),
                    httpUrls(Key.MCP_ENDPOINT_AUTHORIZATION_SERVERS));
        }

        /** The shared-state settings; their cross-checks come after, in {@link #checkState}. */
        StateSettings state() {
            String store = text(Key.STATE).toLowerCase(Locale.ROOT);
            if (!store.equals("memory") && !store.equals("redis")) {
                problems.add("Invalid configuration: " + Key.STATE + " must be memory or redis");
            }
            String url = text(Key.STATE_URL);
            RedisEndpoint endpoint = url.isEmpty() ? null : RedisEndpoint.parse(url).orElse(null);
            if (!url.isEmpty() && endpoint == null) {
                problems.add("Invalid configuration: " + Key.STATE_URL + " must be redis://[user:password@]host[:port][/db]"
                        + " or rediss://..., without query or fragment (percent-encode @ : / in the password)");
            }
            String prefix = text(Key.STATE_PREFIX);
            if (!prefix.matches("[A-Za-z0-9._:\\-]{1,64}")) {
                problems.add("Invalid configuration: " + Key.STATE_PREFIX + " must be 1 to 64 letters, digits and . _ : -");
            }
            return new StateSettings(store.equals("redis") ? StateSettings.Store.REDIS : StateSettings.Store.MEMORY,
                    endpoint, readableFile(Key.STATE_CA_PATH), stateKey(Key.STATE_KEY), stateKey(Key.STATE_KEY_PREVIOUS),
                    prefix, Duration.ofMillis(number(Key.STATE_TIMEOUT)), (int) number(Key.STATE_POOL_SIZE));
        }

        /** A state key as configured, with a problem line when it is set but not base64 of exactly 32 bytes. */
        private String stateKey(Key key) {
            String value = text(key);
            if (!value.isEmpty() && StateSettings.decodedKey(value) == null) {
                problems.add("Invalid configuration: " + key + " must be base64 of exactly " + StateSealing.KEY_BYTES
                        + " random bytes (openssl rand -base64 " + StateSealing.KEY_BYTES + ")");
            }
            return value;
        }

        /** What a Redis store needs, and a CA bundle only where it can apply. */
        void checkState(StateSettings state) {
            if (state.shared() && text(Key.STATE_URL).isEmpty()) {
                problems.add("Invalid configuration: " + Key.STATE + "=redis needs " + Key.STATE_URL);
            }
            if (state.shared() && state.key().isEmpty()) {
                problems.add("Invalid configuration: " + Key.STATE + "=redis needs " + Key.STATE_KEY
                        + ", base64 of " + StateSealing.KEY_BYTES + " random bytes shared by every replica");
            }
            if (state.caPath() != null && state.endpoint() != null && !state.endpoint().tls()) {
                problems.add("Invalid configuration: " + Key.STATE_CA_PATH + " applies to a rediss:// " + Key.STATE_URL
                        + " only, and this one is plain redis://");
            }
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
