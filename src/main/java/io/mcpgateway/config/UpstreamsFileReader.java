package io.mcpgateway.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.mcpgateway.upstream.federation.ClaimCondition;
import io.mcpgateway.upstream.federation.Glob;
import io.mcpgateway.upstream.federation.PolicyRule;
import io.mcpgateway.upstream.federation.ToolFilter;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
import io.mcpgateway.upstream.signing.RequestSignature;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the upstreams file's YAML (1.2, so {@code yes} and {@code no} stay text) into an {@link UpstreamsFile},
 * collecting every problem before refusing it. A line names where the problem is ({@code upstreams[1] (code)}, by
 * position from 0 and by name when it has a valid one) and the key; never a value, except the names of environment
 * variables, which are not secret.
 */
final class UpstreamsFileReader {

    static final String PREFIX = "Invalid configuration: " + UpstreamsFile.ENV + ": ";

    private static final List<String> TOP_KEYS = List.of("upstreams", "policies", "default");
    private static final List<String> POLICY_KEYS = List.of("when", "allow", "deny");
    private static final List<String> WHEN_KEYS = List.of("claim", "contains");
    private static final List<String> TOOLS_KEYS = List.of("allow", "deny");
    /** Keys someone may write a secret under, and the key that names its variable instead. */
    private static final Map<String, UpstreamKey> WRITTEN_SECRETS = Map.of(
            "auth-token", UpstreamKey.AUTH_TOKEN_ENV,
            "api-key", UpstreamKey.API_KEY_ENV,
            "signing-secret", UpstreamKey.SIGNING_SECRET_ENV);
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,16}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_GLOB_LENGTH = 256;
    private static final int MAX_ALIASES = 50;

    private final GatewaySettings defaults;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    UpstreamsFileReader(GatewaySettings defaults, Function<String, String> environment) {
        this.defaults = defaults;
        this.environment = environment;
    }

    UpstreamsFile read(String yaml) {
        Object root = load(yaml);
        if (!(root instanceof Map<?, ?> top)) {
            throw UpstreamsFile.problem("the file must be a mapping with the key upstreams");
        }
        unknownKeys("", top, TOP_KEYS);
        List<UpstreamDefinition> upstreams = upstreams(top.get("upstreams"));
        List<PolicyRule> policies = policies(top.get("policies"));
        boolean allowByDefault = allowByDefault(top.get("default"), !policies.isEmpty());
        if (defaults.apiAllowedOrigins().isEmpty() && policies.stream().anyMatch(rule -> rule.when().isPresent())) {
            // the gateway does not verify a JWT itself: its claims are only as good as the API that vouched for the
            // token, and without the list a caller can bring an API of its own that vouches for any claim
            problems.add(PREFIX + "policies: a rule with when: decides by the session's JWT claims, which only a"
                    + " trusted credential API vouches for; set " + GatewaySettings.Key.API_ALLOWED_ORIGINS);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new UpstreamsFile(upstreams, policies, allowByDefault);
    }

    private static Object load(String yaml) {
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(UpstreamsFile.MAX_FILE_BYTES)
                .setLabel(UpstreamsFile.ENV)
                .build();
        try {
            return new Load(settings).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            String line = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1)).orElse("");
            throw UpstreamsFile.problem("not valid YAML" + line + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw UpstreamsFile.problem("not valid YAML");
        }
    }

    private List<UpstreamDefinition> upstreams(Object value) {
        if (value == null) {
            problems.add(PREFIX + "upstreams: is required, with at least one upstream");
            return List.of();
        }
        if (!(value instanceof List<?> entries) || entries.isEmpty() || entries.size() > UpstreamsFile.MAX_UPSTREAMS) {
            problems.add(PREFIX + "upstreams: must be a list of 1 to " + UpstreamsFile.MAX_UPSTREAMS + " upstreams");
            return List.of();
        }
        List<UpstreamDefinition> upstreams = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            new EntryReader(i, entries.get(i), seen).read().ifPresent(upstreams::add);
        }
        return upstreams;
    }

    private List<PolicyRule> policies(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> entries) || entries.size() > UpstreamsFile.MAX_POLICIES) {
            problems.add(PREFIX + "policies: must be a list of at most " + UpstreamsFile.MAX_POLICIES + " rules");
            return List.of();
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "policies[" + i + "]: ";
            int problemsBefore = problems.size();
            if (!(entries.get(i) instanceof Map<?, ?> rule)) {
                problems.add(PREFIX + at + "must be a mapping with when and allow or deny");
                continue;
            }
            unknownKeys(at, rule, POLICY_KEYS);
            Optional<ClaimCondition> when = condition(at, rule.get("when"));
            List<Glob> allow = globs(at + "allow", rule.get("allow"));
            List<Glob> deny = globs(at + "deny", rule.get("deny"));
            if (rule.get("allow") == null && rule.get("deny") == null) {
                problems.add(PREFIX + at + "needs allow or deny");
            } else if (problems.size() == problemsBefore) {
                rules.add(new PolicyRule(when, allow, deny));
            }
        }
        return rules;
    }

    private Optional<ClaimCondition> condition(String at, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> when)) {
            problems.add(PREFIX + at + "when: must be a mapping {claim, contains}");
            return Optional.empty();
        }
        unknownKeys(at + "when: ", when, WHEN_KEYS);
        String claim = nonEmptyText(at + "when: claim", when.get("claim"));
        String contains = nonEmptyText(at + "when: contains", when.get("contains"));
        return claim == null || contains == null ? Optional.empty() : Optional.of(new ClaimCondition(claim, contains));
    }

    private String nonEmptyText(String at, Object value) {
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        problems.add(PREFIX + at + ": must be a non-empty string (quote a number)");
        return null;
    }

    /**
     * Left out: without policies every principal sees every tool (today's behaviour); with policies, what none of them
     * grants is denied, so that a policy file is never open by accident.
     */
    private boolean allowByDefault(Object value, boolean policiesGiven) {
        if (value == null) {
            return !policiesGiven;
        }
        if ("allow".equals(value)) {
            return true;
        }
        if (!"deny".equals(value)) {
            problems.add(PREFIX + "default: must be allow or deny");
        }
        return false;
    }

    /** A list of tool-name patterns; absent is an empty list. */
    private List<Glob> globs(String at, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items && items.size() <= UpstreamsFile.MAX_GLOBS && items.stream().allMatch(
                item -> item instanceof String s && !s.isEmpty() && s.length() <= MAX_GLOB_LENGTH)) {
            return items.stream().map(item -> new Glob((String) item)).toList();
        }
        problems.add(PREFIX + at + ": must be a list of at most " + UpstreamsFile.MAX_GLOBS
                + " tool names, where * stands for any characters");
        return List.of();
    }

    private void unknownKeys(String at, Map<?, ?> map, List<String> known) {
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (!known.contains(name)) {
                problems.add(PREFIX + at + name + ": unknown key" + suggestion(name, known));
            }
        }
    }

    /** "; did you mean x?" for the nearest known key within a few edits, or one it starts or ends, else nothing. */
    static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 3) + 1;
        for (String candidate : known) {
            boolean part = key.length() >= 4 && (candidate.startsWith(key) || key.startsWith(candidate));
            int distance = part ? 1 : editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** One entry of upstreams. */
    private final class EntryReader {
        private final Map<?, ?> entry;
        private final String at;
        private final int index;
        private final Map<String, Integer> seen;
        private final int problemsBefore = problems.size();

        EntryReader(int index, Object entry, Map<String, Integer> seen) {
            this.index = index;
            this.entry = entry instanceof Map<?, ?> map ? map : null;
            Object name = this.entry == null ? null : this.entry.get(UpstreamKey.NAME.key);
            this.at = "upstreams[" + index + "]"
                    + (name instanceof String s && NAME.matcher(s).matches() ? " (" + s + ")" : "") + ": ";
            this.seen = seen;
        }

        Optional<UpstreamDefinition> read() {
            if (entry == null) {
                problems.add(PREFIX + at + "must be a mapping of keys");
                return Optional.empty();
            }
            knownKeys();
            String name = name();
            URI url = url();
            String authTokenEnv = env(UpstreamKey.AUTH_TOKEN_ENV);
            String apiKeyEnv = env(UpstreamKey.API_KEY_ENV);
            String signingSecretEnv = env(UpstreamKey.SIGNING_SECRET_ENV);
            UpstreamDefinition upstream = new UpstreamDefinition(name, url, authTokenEnv, apiKeyEnv, signingSecretEnv,
                    bool(UpstreamKey.REQUIRE_SIGNING), bool(UpstreamKey.SSL_VERIFY), file(UpstreamKey.CA_PATH),
                    file(UpstreamKey.CLIENT_CERT_PATH), file(UpstreamKey.CLIENT_KEY_PATH),
                    seconds(UpstreamKey.CONNECTION_TIMEOUT), seconds(UpstreamKey.REQUEST_TIMEOUT),
                    number(UpstreamKey.MAX_RETRIES), seconds(UpstreamKey.CIRCUIT_OPEN),
                    number(UpstreamKey.MAX_CONCURRENT_CALLS), number(UpstreamKey.MAX_REQUEST_SIZE_KB),
                    number(UpstreamKey.MAX_RESPONSE_SIZE_KB), bool(UpstreamKey.FORWARD_USER_CONTEXT),
                    bool(UpstreamKey.ALLOW_INSECURE_HTTP), bool(UpstreamKey.REQUIRED), tools());
            if (problems.size() > problemsBefore) {
                return Optional.empty();
            }
            crossCheck(upstream);
            return problems.size() > problemsBefore ? Optional.empty() : Optional.of(upstream);
        }

        private void knownKeys() {
            List<String> known = Arrays.stream(UpstreamKey.values()).map(k -> k.key).toList();
            for (Object key : entry.keySet()) {
                String name = String.valueOf(key);
                if (WRITTEN_SECRETS.containsKey(name)) {
                    problems.add(PREFIX + at + name + ": secrets are never written in this file; put it in an"
                            + " environment variable and name that with " + WRITTEN_SECRETS.get(name));
                } else if (!known.contains(name)) {
                    problems.add(PREFIX + at + name + ": unknown key" + suggestion(name, known));
                }
            }
        }

        private String name() {
            Object value = entry.get(UpstreamKey.NAME.key);
            if (value == null) {
                problems.add(PREFIX + at + "name: is required");
            } else if (value instanceof String s && s.contains("__")) {
                problems.add(PREFIX + at + "name: must not contain __, which separates upstream and tool in names");
            } else if (!(value instanceof String s) || !NAME.matcher(s).matches()) {
                problems.add(PREFIX + at + "name: must be 1 to 16 characters from a-z, 0-9 and -");
            } else if (seen.containsKey(s)) {
                problems.add(PREFIX + at + "name: already taken by upstreams[" + seen.get(s) + "]");
            } else {
                seen.put(s, index);
                return s;
            }
            return null;
        }

        private URI url() {
            Object value = entry.get(UpstreamKey.URL.key);
            if (value == null) {
                problems.add(PREFIX + at + "url: is required");
                return null;
            }
            try {
                URI uri = new URI(String.valueOf(value));
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (value instanceof String && (scheme.equals("http") || scheme.equals("https"))
                        && uri.getHost() != null && uri.getRawUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, without the value
            }
            problems.add(PREFIX + at + "url: must be an absolute http or https URL without user-info");
            return null;
        }

        /** The name of a variable that must be set; null when the key is left out. */
        private String env(UpstreamKey key) {
            Object value = entry.get(key.key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String name) || !ENV_NAME.matcher(name).matches()) {
                problems.add(PREFIX + at + key + ": must name an environment variable (letters, digits and _)");
                return null;
            }
            // the gateway's own settings (its sealing key, its Redis password...) are never an upstream's credential:
            // whoever may edit this file must not be able to send them to a URL of their choosing
            if (java.util.Arrays.stream(GatewaySettings.Key.values()).anyMatch(setting -> setting.env.equals(name))) {
                problems.add(PREFIX + at + key + ": " + name + " is one of the gateway's own settings; give this"
                        + " upstream a variable of its own");
                return null;
            }
            String secret = environment.apply(name);
            if (secret == null || secret.isEmpty()) {
                problems.add(PREFIX + at + key + ": the environment variable " + name + " is not set");
                return null;
            }
            if (key == UpstreamKey.SIGNING_SECRET_ENV
                    && secret.getBytes(StandardCharsets.UTF_8).length < RequestSignature.MIN_SECRET_BYTES) {
                problems.add(PREFIX + at + key + ": the environment variable " + name + " must hold at least "
                        + RequestSignature.MIN_SECRET_BYTES + " bytes");
            }
            return name;
        }

        private boolean bool(UpstreamKey key) {
            Object value = entry.get(key.key);
            if (value == null) {
                return (Boolean) key.defaultValue.apply(defaults);
            }
            if (value instanceof Boolean b) {
                return b;
            }
            problems.add(PREFIX + at + key + ": must be true or false");
            return false;
        }

        private Path file(UpstreamKey key) {
            Object value = entry.get(key.key);
            if (value == null) {
                return (Path) key.defaultValue.apply(defaults);
            }
            if (value instanceof String text && !text.isBlank()) {
                Path path = Path.of(text);
                if (Files.isRegularFile(path) && Files.isReadable(path)) {
                    return path;
                }
            }
            problems.add(PREFIX + at + key + ": must name a readable file");
            return null;
        }

        private Duration seconds(UpstreamKey key) {
            return Duration.ofSeconds(number(key));
        }

        /** A whole number in the range of the global setting it falls back to. */
        private int number(UpstreamKey key) {
            Object value = entry.get(key.key);
            if (value == null) {
                Object fallback = key.defaultValue.apply(defaults);
                return fallback instanceof Duration d ? (int) d.toSeconds() : (Integer) fallback;
            }
            long min = key.fallback.min;
            long max = key.fallback.max;
            if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
                problems.add(PREFIX + at + key + ": must be a whole number between " + min + " and " + max);
                return (int) min;
            }
            BigInteger n = new BigInteger(value.toString());
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                problems.add(PREFIX + at + key + ": must be between " + min + " and " + max);
                return (int) min;
            }
            return n.intValue();
        }

        private ToolFilter tools() {
            Object value = entry.get(UpstreamKey.TOOLS.key);
            if (value == null) {
                return ToolFilter.ALL;
            }
            String where = at + UpstreamKey.TOOLS.key + ": ";
            if (!(value instanceof Map<?, ?> tools)) {
                problems.add(PREFIX + where + "must be a mapping {allow, deny}");
                return ToolFilter.ALL;
            }
            unknownKeys(where, tools, TOOLS_KEYS);
            return new ToolFilter(globs(where + "allow", tools.get("allow")), globs(where + "deny", tools.get("deny")));
        }

        /** The same rules the global settings follow, per upstream. */
        private void crossCheck(UpstreamDefinition u) {
            boolean plainRemote = u.url().getScheme().equalsIgnoreCase("http")
                    && !GatewaySettings.isLoopback(u.url().getHost());
            if (plainRemote && !u.allowInsecureHttp()) {
                problems.add(PREFIX + at + "url: uses plain http to a non-loopback host; use https, or set"
                        + " allow-insecure-http: true to accept the risk");
            }
            if ((u.clientCertPath() == null) != (u.clientKeyPath() == null)) {
                problems.add(PREFIX + at + "client-cert-path and client-key-path: must be set together");
            }
            if (u.requireSigning() && u.signingSecretEnv() == null) {
                problems.add(PREFIX + at + "require-signing: needs signing-secret-env");
            }
            if (u.forwardUserContext() && u.signingSecretEnv() == null) {
                problems.add(PREFIX + at + "forward-user-context: needs signing-secret-env: the user's API token is"
                        + " only ever forwarded signed");
            }
            if (u.forwardUserContext() && plainRemote) {
                problems.add(PREFIX + at + "forward-user-context: needs an https url (or a loopback one): the user's"
                        + " API token never travels unencrypted");
            }
            // every tool request body is bounded by the global limit before it is read; an upstream's may be lower
            if (u.maxRequestSizeKb() > defaults.mcpMaxRequestSizeKb()) {
                problems.add(PREFIX + at + "max-request-size-kb: must not exceed "
                        + GatewaySettings.Key.MCP_MAX_REQUEST_SIZE_KB + ", the limit on every tool request body");
            }
        }
    }
}
