package io.mcpgateway.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential APIs that may open sessions, from {@code API_ALLOWED_ORIGINS}: origins ({@code scheme://host[:port]})
 * and sub-domain wildcards ({@code https://*.example.com}). Scheme exact, host case-insensitive, port exact with the
 * scheme's default filled in. An empty list allows every origin (the gateway warns at start-up).
 */
public final class ApiOrigins {

    /** An origin as written: scheme, a host (or {@code *.} and at least two labels), an optional port, nothing else. */
    private static final Pattern ORIGIN = Pattern.compile(
            "(https?)://(\\*\\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+])"
                    + "(?::([0-9]{1,5}))?");

    private record Origin(String scheme, String host, boolean subDomains, int port) {
        boolean matches(String otherScheme, String otherHost, int otherPort) {
            return scheme.equals(otherScheme) && port == otherPort
                    && (subDomains ? otherHost.endsWith("." + host) : otherHost.equals(host));
        }
    }

    private final List<Origin> origins;

    private ApiOrigins(List<Origin> origins) {
        this.origins = origins;
    }

    /** Every origin allowed: what an unset {@code API_ALLOWED_ORIGINS} means. */
    public static ApiOrigins any() {
        return new ApiOrigins(List.of());
    }

    /**
     * Parses a comma-separated list.
     *
     * @param problems gets one line per entry that is not an origin (by position and reason, never the entry itself)
     */
    public static ApiOrigins parse(String commaSeparated, List<String> problems) {
        List<Origin> origins = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return new ApiOrigins(origins);
        }
        String[] entries = commaSeparated.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim().toLowerCase(Locale.ROOT);
            Matcher m = ORIGIN.matcher(entry);
            if (!m.matches()) {
                problems.add("entry " + (i + 1) + " " + whyNotAnOrigin(entry));
                continue;
            }
            boolean subDomains = m.group(2) != null;
            String host = stripBrackets(m.group(3));
            int port = m.group(4) == null ? defaultPort(m.group(1)) : Integer.parseInt(m.group(4));
            if (subDomains && (host.indexOf('.') < 0 || !host.matches(".*\\.[a-z][a-z0-9-]*"))) {
                // *.com would admit most of the internet, and *.0.0.1 or *.[...] would be address ranges, not domains
                problems.add("entry " + (i + 1) + " is a wildcard that is not *.domain of at least two labels");
            } else if (port < 1 || port > 65_535) {
                problems.add("entry " + (i + 1) + " has a port out of range");
            } else {
                origins.add(new Origin(m.group(1), host, subDomains, port));
            }
        }
        return new ApiOrigins(List.copyOf(origins));
    }

    private static String whyNotAnOrigin(String entry) {
        if (entry.isEmpty()) {
            return "is empty";
        }
        if (!entry.startsWith("http://") && !entry.startsWith("https://")) {
            return "must start with http:// or https://";
        }
        String rest = entry.substring(entry.indexOf("://") + 3);
        if (rest.contains("@")) {
            return "must not carry user-info";
        }
        if (rest.contains("?") || rest.contains("#")) {
            return "must not carry a query or fragment";
        }
        if (rest.contains("/")) {
            return "must not carry a path (not even /)";
        }
        if (rest.startsWith("*")) {
            return "is a wildcard that is not *.domain of at least two labels";
        }
        return "is not scheme://host[:port]";
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    /**
     * Whether an origin is allowed; always true for an empty list.
     *
     * @param port -1 for the scheme's default
     */
    public boolean allows(String scheme, String host, int port) {
        if (origins.isEmpty()) {
            return true;
        }
        if (scheme == null || host == null) {
            return false;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = stripBrackets(host).toLowerCase(Locale.ROOT);
        int p = port == -1 ? defaultPort(s) : port;
        return origins.stream().anyMatch(origin -> origin.matches(s, h, p));
    }

    /**
     * The origin of an apiUrl for the audit stream: {@code scheme://host[:port]}, the port only when it is not the
     * scheme's default; never a path, query or user-info. Empty for what is not an absolute http(s) URL with a host.
     */
    public static Optional<String> originOf(String apiUrl) {
        if (apiUrl == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(apiUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return Optional.empty();
            }
            int port = uri.getPort();
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (port == -1 || port == defaultPort(scheme) ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
