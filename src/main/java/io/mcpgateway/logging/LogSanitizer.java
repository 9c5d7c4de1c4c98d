package io.mcpgateway.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Masks credentials in any text bound for a log: bearer tokens, JWT-shaped strings, URL user-info and query strings,
 * and the configured secrets. Applied by the logging layout to every line and stack trace, whoever logs it.
 */
public final class LogSanitizer {

    public static final String MASK = "***";

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]+");
    /** A compact JWT: its header is a JSON object, "{" followed by a quote or white space, so it starts "ey" or "ew". */
    private static final Pattern JWT = Pattern.compile("\\be[wy][A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s]+@");
    private static final Pattern URL_QUERY = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^?#\\s\"']*)\\?[^#\\s\"']*");

    /** Secrets shorter than this are not masked literally: they would mask ordinary words. */
    static final int MIN_SECRET_LENGTH = 6;

    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    private LogSanitizer() {
    }

    /** Adds a configured secret (API key, bearer credential, signing secret) to the literal mask list. */
    public static void registerSecret(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH && !SECRETS.contains(secret)) {
            SECRETS.add(secret);
        }
    }

    /**
     * Masks only the configured secrets, for text whose shape must survive (a JSON audit field): the pattern rules of
     * {@link #sanitize} would also eat parts of ordinary names and break escaping.
     */
    public static String maskSecrets(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : SECRETS) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    public static String sanitize(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = maskSecrets(text);
        result = BEARER.matcher(result).replaceAll("$1 " + MASK);
        result = JWT.matcher(result).replaceAll(MASK);
        result = URL_USER_INFO.matcher(result).replaceAll("$1" + MASK + "@");
        return URL_QUERY.matcher(result).replaceAll("$1?" + MASK);
    }
}
