package io.mcpgateway.tools;

import com.networknt.schema.regex.RegularExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ECMA-262 patterns on RE2/J: read as ECMA-262 reads them, or refused. */
class LinearTimePatternsTest {

    private final LinearTimePatterns patterns = new LinearTimePatterns();

    private boolean matches(String pattern, String text) {
        RegularExpression compiled = patterns.getRegularExpression(pattern);
        return compiled.matches(text);
    }

    @Test
    void patternsAreSearchedNotAnchored() {
        assertThat(matches("b+", "abbbc")).isTrue();
        assertThat(matches("^b+$", "abbbc")).isFalse();
    }

    @Test
    void whiteSpaceIsEcmaScriptsUnicodeSetInsideAndOutsideClasses() {
        for (String space : new String[] {"\u000b", "\u00a0", "\u1680", "\u2003", "\u2028", "\u202f", "\u3000", "\ufeff"}) {
            assertThat(matches("^\\s$", space)).as("U+%04X", (int) space.charAt(0)).isTrue();
            assertThat(matches("^[\\s]$", space)).as("U+%04X in a class", (int) space.charAt(0)).isTrue();
            assertThat(matches("^\\S$", space)).isFalse();
            assertThat(matches("^[\\S]$", space)).isFalse();
        }
        assertThat(matches("^[\\S]$", "x")).isTrue();
        assertThat(matches("^[\\S]$", "\uD83D\uDE00")).isTrue();
        assertThat(matches("^[\\s\\S]+$", "a \u2028b")).isTrue();
    }

    @Test
    void classesAndEscapesMeanWhatTheyMeanInEcmaScript() {
        assertThat(matches("^.$", "\u2028")).as("a line terminator is no '.'").isFalse();
        assertThat(matches("^.$", "\r")).isFalse();
        assertThat(matches("^.$", "\uD83D\uDE00")).as("one code point").isTrue();
        assertThat(matches("a$", "a\n")).as("$ is the end of the text, not before a last newline").isFalse();
        assertThat(matches("[]", "anything")).as("[] matches nothing").isFalse();
        assertThat(matches("^[^]$", "\n")).as("[^] matches anything").isTrue();
        assertThat(matches("^[[:a]+$", "[:a")).as("no POSIX classes").isTrue();
        assertThat(matches("^\\d$", "\u0663")).as("\\d is ASCII").isFalse();
        assertThat(matches("^\\u0041\\u{1F600}\\uD83D\\uDE00$", "A\uD83D\uDE00\uD83D\uDE00")).isTrue();
        assertThat(matches("^\\cJ\\v\\0$", "\n\u000b\u0000")).isTrue();
        assertThat(matches("^[\\b]$", "\b")).as("\\b in a class is a backspace").isTrue();
        assertThat(matches("^\\/\\.\\-$", "/.-")).isTrue();
        assertThat(matches("^(?<year>\\d{4})-(?:\\d\\d)$", "2026-12")).isTrue();
        assertThat(matches("^\\p{L}+$", "\u00e9t\u00e9")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^(a)\\1$", "(?=a)a", "(?!a)b", "(?<=a)b", "(?<!a)b", "\\k<n>", "(?i)a", "\\a", "\\012",
            "a{1001}", "(", "\\", "(?:(?:a?){1000}){1000}", "(?:a{100}){51}", "a{99999999999}", "a)"})
    void whatHasNoLinearTimeEquivalentOrIsNotEcmaScriptIsRefused(String pattern) {
        assertThatThrownBy(() -> patterns.getRegularExpression(pattern))
                .isInstanceOf(LinearTimePatterns.UnsupportedPatternException.class)
                .hasMessageNotContaining(pattern);
    }

    @Test
    void patternsUpToTheExpansionLimitCompile() {
        assertThat(matches("^(?:[a-z]{1,63}\\.){1,4}[a-z]{2,63}$", "api.example.com")).isTrue();
        assertThat(matches("^(?:a{100}){50}$", "a".repeat(5_000))).isTrue();
        assertThat(matches("^a{2}{$", "aa{")).as("a '{' that is no quantifier is itself").isTrue();
    }

    @Test
    void matchingStopsWhenItsTimeLimitPasses() {
        RegularExpression costly = patterns.getRegularExpression("(?:\\S?){1000}(?:\\s?){1000}x");
        String text = "a".repeat(512 * 1024);

        long start = System.nanoTime();
        assertThatThrownBy(() -> LinearTimePatterns.withinTime(java.time.Duration.ofMillis(200), () -> costly.matches(text)))
                .isInstanceOf(LinearTimePatterns.MatchingTimeExceededException.class);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(costly.matches("x")).as("without a limit, outside withinTime").isTrue();
    }
}
