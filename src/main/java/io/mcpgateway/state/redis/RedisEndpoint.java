package io.mcpgateway.state.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the shared state lives, from {@code GATEWAY_STATE_URL}: {@code redis://[user:password@]host[:port][/db]}, or
 * {@code rediss://} for TLS. User-info without a colon is a password (for the default user), as other Redis clients
 * read it; a password with {@code @ : / ?} in it is percent-encoded. {@link #toString()} and {@link #masked} never
 * show the password.
 */
public record RedisEndpoint(String host, int port, int database, String user, String password, boolean tls) {

    public static final int DEFAULT_PORT = 6379;
    private static final Pattern DATABASE = Pattern.compile("/?|/[0-9]{1,5}");
    private static final Pattern USER_INFO = Pattern.compile("(?i)^(rediss?://)[^/?#@]*@");

    /** The endpoint, or empty for anything that is not such a URL (the caller names the setting, never the value). */
    public static Optional<RedisEndpoint> parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || !DATABASE.matcher(path).matches()
                    || uri.getPort() > 65_535) {
                return Optional.empty();
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
            int database = path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
            String user = null;
            String password = null;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = colon > 0 ? percentDecoded(userInfo.substring(0, colon)) : null;
                password = percentDecoded(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
                if (password.isEmpty()) {
                    password = null;
                }
            }
            return Optional.of(new RedisEndpoint(host, port, database, user, password, scheme.equals("rediss")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The URL with its user-info replaced, for the effective configuration; works on a malformed value too. */
    public static String masked(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user != null || password != null ? "***@" : "")
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    private static String percentDecoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            if (raw.charAt(i) == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("malformed escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
