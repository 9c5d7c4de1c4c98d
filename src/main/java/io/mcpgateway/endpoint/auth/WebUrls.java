package io.mcpgateway.endpoint.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for every URL this package publishes or fetches (the public base, the authorization servers, the JWKS):
 * absolute {@code https} with a host, no user-info, no fragment. Plain {@code http} only to a loopback host, the one
 * exception OAuth 2.1 makes, so that a gateway in demo mode or under test on one machine works without a certificate
 * while no token or key ever crosses a network in the clear.
 */
final class WebUrls {

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private WebUrls() {
    }

    /** The URL parsed, as written, when it follows the rule; empty otherwise. */
    static Optional<URI> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // java.net.URI takes any digits as a port: 0 or one above 65535 would fail only at the first fetch
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                    || uri.getPort() == 0 || uri.getPort() > 65_535
                    || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code scheme://host[:port]} in lower case, the port only when it is not the scheme's default. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || LOOPBACK_IPV4.matcher(h).matches();
    }
}
