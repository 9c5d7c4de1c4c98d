package io.mcpgateway.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Masks credentials in any text bound for a log: bearer tokens, JWT-shaped strings, URL user-info and query strings,
 * and the configured secrets. Applied by the logging layout to every line and stack trace, whoever logs it. Also
 * escapes the characters that could forge a log line or disguise one ({@link #escapeControls}).
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

    /**
     * Whether a character must never reach a log line as it is: C0 controls but the tab (CR and LF would start a new
     * line), DEL, C1 controls (U+0085 is a line break to some readers), the Unicode line and paragraph separators, and
     * the bidi embedding, override and isolate controls, which make a terminal show a line in another order than it
     * was written.
     */
    public static boolean mustEscape(int ch) {
        return (ch < 0x20 && ch != '\t') || (ch >= 0x7F && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029
                || (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069);
    }

    /**
     * Writes each character of {@link #mustEscape} as a backslash, {@code u} and four upper-case hex digits, the escape
     * JSON uses, so that operator and audit lines show it alike; everything else is left as it is.
     */
    public static String escapeControls(String text) {
        if (text == null || text.chars().noneMatch(LogSanitizer::mustEscape)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.chars().forEach(ch -> {
            if (mustEscape(ch)) {
                escaped.append(String.format("\\u%04X", ch));
            } else {
                escaped.append((char) ch);
            }
        });
        return escaped.toString();
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
