package io.mcpgateway.testing.hostile;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.mcpgateway.testing.hostile.Fragment.json;
import static io.mcpgateway.testing.hostile.Fragment.string;
import static io.mcpgateway.testing.hostile.Fragment.stringOfBytes;

/** JSON values an attacker puts where the gateway expects a plain string: other types, odd strings, and non-UTF-8. */
final class HostileValues {

    /** Every JSON type but a string (and numbers the parser may not hold). */
    static final List<Fragment> NOT_STRINGS = List.of(
            json("null", "null"), json("true", "true"), json("false", "false"), json("zero", "0"),
            json("negative", "-1"), json("fraction", "1.5"), json("negative zero", "-0"), json("1e308", "1e308"),
            json("1e999 (infinite as a double)", "1e999"), json("20-digit integer", "12345678901234567890"),
            json("empty array", "[]"), json("array of a string", "[\"a\"]"), json("array of null", "[null]"),
            json("nested arrays", "[[[[]]]]"), json("empty object", "{}"), json("object", "{\"a\":\"b\"}"));

    /** Strings that are no session id, tool name, URL or token: empty, control characters, unicode edge cases, payloads. */
    static final List<Fragment> ODD_STRINGS = List.of(
            string("empty string", ""), string("a space", " "), string("a tab", "\t"),
            json("escaped NUL", "\"\\u0000\""), json("NUL inside", "\"a\\u0000b\""),
            json("CRLF and a header", "\"a\\r\\nX-Injected: yes\""), json("line separator", "\"a\\u2028b\""),
            json("every C0 control", "\"" + IntStream.range(1, 32).mapToObj(c -> String.format("\\u%04x", c))
                    .collect(Collectors.joining()) + "\""),
            string("DEL", "a\u007fb"), string("C1 control NEL", "a\u0085b"),
            json("lone high surrogate", "\"\\ud800\""), json("lone low surrogate", "\"\\udc00\""),
            json("reversed surrogate pair", "\"\\udc00\\ud800\""), json("byte order mark", "\"\\ufeffa\""),
            json("right-to-left override", "\"a\\u202eb\""), json("zero-width space", "\"a\\u200bb\""),
            json("noncharacter U+FFFF", "\"\\uffff\""), string("emoji", "a\uD83D\uDE00b"),
            string("combining accent", "e\u0301"), string("fullwidth letters", "\uFF41\uFF42\uFF43"),
            string("cyrillic look-alike", "\u0430b\u0441"), string("path traversal", "../../etc/passwd"),
            string("windows traversal", "..\\..\\boot.ini"), string("percent-encoded NUL", "a%00b"),
            string("percent-encoded CRLF", "a%0d%0ab"), string("html", "<script>alert(1)</script>"),
            string("sql", "' OR '1'='1' --"), string("log4shell", "${jndi:ldap://127.0.0.1:1389/a}"),
            string("template", "{{7*7}}${7*7}#{7*7}"), string("format string", "%s%s%n%x"),
            string("json in a string", "{\"a\":1}"), string("inner space", "a b"), string("semicolon", "a;b"),
            string("question mark", "a?b"), string("hash", "a#b"), string("ampersand", "a&b"),
            string("backslash", "a\\b"), string("quote", "a\"b"));

    /** Strings whose bytes are not UTF-8: the parser must refuse them, not guess. */
    static final List<Fragment> NOT_UTF8 = List.of(
            stringOfBytes("invalid byte FF", 0xff), stringOfBytes("overlong slash", 0xc0, 0xaf),
            stringOfBytes("overlong NUL", 0xc0, 0x80), stringOfBytes("surrogate as UTF-8", 0xed, 0xa0, 0x80),
            stringOfBytes("truncated 4-byte sequence", 0xf0, 0x9f, 0x98),
            stringOfBytes("5-byte form", 0xf8, 0x88, 0x80, 0x80, 0x80),
            stringOfBytes("lone continuation byte", 0x80), stringOfBytes("latin-1 e-acute", 'c', 'a', 'f', 0xe9),
            stringOfBytes("raw NUL", 'a', 0, 'b'), stringOfBytes("raw newline", 'a', '\n', 'b'));

    private HostileValues() {
    }

    /** All three lists. */
    static List<Fragment> all() {
        return concat(NOT_STRINGS, ODD_STRINGS, NOT_UTF8);
    }

    @SafeVarargs
    static List<Fragment> concat(List<Fragment>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
