package io.mcpgateway.tools;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The schema validator's regular expressions ({@code pattern}, {@code patternProperties}, the {@code regex} format) on
 * RE2/J, whose matching time is linear in the text: an upstream schema cannot turn one argument into seconds of CPU
 * (the JDK's backtracking engine took 5.9 s for {@code \s+$} against 40,000 spaces).
 *
 * <p>JSON Schema patterns are ECMA-262. They are translated where RE2 reads the same text differently: {@code \s} and
 * {@code \S} (Unicode white space in ECMA-262, ASCII in RE2), {@code .} (ECMA-262 excludes four line terminators, RE2
 * only {@code \n}), {@code [} inside a class (RE2 would read {@code [[:alpha:]]} as a POSIX class), the empty classes
 * {@code []} and {@code [^]}, and the escapes RE2 lacks or spells differently ({@code \\uXXXX}, {@code \\u{...}},
 * {@code \cX}, {@code \v}, {@code \0}, {@code (?<name>}). What has no linear-time equivalent (backreferences,
 * lookahead, lookbehind), is not ECMA-262 at all, or expands past {@link #MAX_EXPANDED_SIZE} is refused with
 * {@link UnsupportedPatternException}; the validator then treats the whole schema as unusable
 * ({@link ToolSchemaValidator}). Matching is on code points, as ECMA-262 does with the {@code u} flag.
 *
 * <p>Linear is in the text times the pattern's size, so matching can also be given a time limit ({@link #withinTime}).
 */
public final class LinearTimePatterns implements RegularExpressionFactory {

    /** ECMA-262 WhiteSpace and LineTerminator: what {@code \s} matches there. Inclusive ranges, ascending. */
    private static final int[][] ECMA_SPACE = {{0x09, 0x0d}, {0x20, 0x20}, {0xa0, 0xa0}, {0x1680, 0x1680},
            {0x2000, 0x200a}, {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff}};
    private static final String SPACE = ranges(ECMA_SPACE);
    private static final String NOT_SPACE = ranges(complement(ECMA_SPACE));
    private static final String ANY_BUT_LINE_TERMINATOR = "[^\\n\\r\\x{2028}\\x{2029}]";
    /** A counted repetition, read with the JDK's engine: this expression is fixed and cannot backtrack much. */
    private static final java.util.regex.Pattern QUANTIFIER = java.util.regex.Pattern.compile("\\{(\\d+)(?:,(\\d*))?}");
    /** About 20 times the largest expansion of the usual schema patterns (a 255-character host name, a UUID). */
    static final long MAX_EXPANDED_SIZE = 5_000;
    /** Time left for the matching on this thread (System.nanoTime() deadline), while {@link #withinTime} runs. */
    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    @Override
    public RegularExpression getRegularExpression(String ecmaPattern) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(toRe2(ecmaPattern));
        } catch (PatternSyntaxException e) {
            throw new UnsupportedPatternException();
        }
        return text -> {
            long[] deadline = DEADLINE.get();
            // JSON Schema patterns are not anchored
            return pattern.matcher(deadline == null ? text : new TimedText(text, deadline[0])).find();
        };
    }

    /**
     * Runs {@code work} (a validation) with a limit on the time all the patterns matched in it may take together. The
     * validator's matching interface takes only the text, so the limit travels with the thread.
     *
     * @throws MatchingTimeExceededException when the limit passes during a match
     */
    public static <T> T withinTime(Duration limit, Supplier<T> work) {
        DEADLINE.set(new long[] {System.nanoTime() + limit.toNanos()});
        try {
            return work.get();
        } finally {
            DEADLINE.remove();
        }
    }

    /** The text as RE2/J reads it, one character at a time, with the clock checked every 1,024 reads. */
    private static final class TimedText implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        TimedText(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 1023) == 0 && System.nanoTime() > deadline) {
                throw new MatchingTimeExceededException();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The RE2 spelling of an ECMA-262 pattern, in one pass; refuses one that would expand past the limit. */
    static String toRe2(String ecma) {
        StringBuilder re2 = new StringBuilder(ecma.length() + 16);
        Expansion expansion = new Expansion();
        boolean inClass = false;
        int i = 0;
        while (i < ecma.length()) {
            char c = ecma.charAt(i);
            if (c == '\\') {
                i = escape(ecma, i + 1, inClass, re2);
                if (!inClass) {
                    expansion.atom();
                }
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    expansion.atom();
                }
                re2.append(c == '[' ? "\\[" : String.valueOf(c));
            } else if (c == '[') {
                boolean negated = ecma.startsWith("^", i + 1);
                int first = i + (negated ? 2 : 1);
                if (ecma.startsWith("]", first)) { // ECMA-262's [] matches nothing and [^] anything; RE2 reads "]" as a member
                    re2.append(negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]");
                    expansion.atom();
                    i = first + 1;
                    continue;
                }
                re2.append(negated ? "[^" : "[");
                inClass = true;
                i = first;
                continue;
            } else if (c == '(') {
                expansion.open();
                if (ecma.startsWith("?", i + 1)) {
                    i = group(ecma, i, re2);
                    continue;
                }
                re2.append(c);
            } else if (c == ')') {
                expansion.close();
                re2.append(c);
            } else if (c == '{') {
                int end = expansion.repeat(ecma, i);
                re2.append(ecma, i, end);
                i = end;
                continue;
            } else if (c == '.') {
                re2.append(ANY_BUT_LINE_TERMINATOR);
                expansion.atom();
            } else {
                re2.append(c);
                if ("|*+?^$".indexOf(c) < 0) {
                    expansion.atom();
                }
            }
            i++;
        }
        return re2.toString();
    }

    /**
     * The size of the pattern with its counted repetitions written out, about the size of the program RE2 compiles:
     * matching time grows with it (times the text), and {@code (?:(?:a?){1000}){1000}} would build a million
     * instructions and overflow the compiler's stack.
     */
    private static final class Expansion {
        private final Deque<long[]> groups = new ArrayDeque<>(List.of(new long[1]));
        private long last;

        void atom() {
            last = 1;
            add(1);
        }

        void open() {
            groups.push(new long[1]);
        }

        void close() {
            if (groups.size() < 2) {
                throw new UnsupportedPatternException();
            }
            last = groups.pop()[0];
            add(last);
        }

        /**
         * A {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at} repeats the last atom; any other "{" is itself.
         *
         * @return the index after the quantifier (or after the "{")
         */
        int repeat(String ecma, int at) {
            Matcher quantifier = QUANTIFIER.matcher(ecma).region(at, ecma.length());
            if (!quantifier.lookingAt()) {
                atom();
                return at + 1;
            }
            String max = quantifier.group(2) == null || quantifier.group(2).isEmpty() ? quantifier.group(1) : quantifier.group(2);
            long count = max.length() > 5 ? MAX_EXPANDED_SIZE : Long.parseLong(max);
            add(last * Math.max(0, count - 1));
            return quantifier.end();
        }

        private void add(long size) {
            groups.peek()[0] += size;
            if (groups.peek()[0] > MAX_EXPANDED_SIZE) {
                throw new UnsupportedPatternException();
            }
        }
    }

    /** {@code (?:} and named groups are kept; lookaround and RE2's own flag groups are not ECMA-262 or not linear. */
    private static int group(String ecma, int start, StringBuilder re2) {
        if (ecma.startsWith("(?:", start)) {
            re2.append("(?:");
            return start + 3;
        }
        if (ecma.startsWith("(?<", start) && !ecma.startsWith("(?<=", start) && !ecma.startsWith("(?<!", start)) {
            re2.append("(?P<");
            return start + 3;
        }
        throw new UnsupportedPatternException();
    }

    /** Appends the RE2 form of the escape whose letter is at {@code at}; returns the index after it. */
    private static int escape(String ecma, int at, boolean inClass, StringBuilder re2) {
        if (at >= ecma.length()) {
            throw new UnsupportedPatternException();
        }
        char c = ecma.charAt(at);
        switch (c) {
            case 's' -> re2.append(inClass ? SPACE : "[" + SPACE + "]");
            case 'S' -> re2.append(inClass ? NOT_SPACE : "[" + NOT_SPACE + "]");
            case 'v' -> re2.append("\\x{b}");
            case 'b', 'B' -> {
                if (inClass && c == 'B') {
                    throw new UnsupportedPatternException();
                }
                re2.append(inClass ? "\\x{8}" : "\\" + c); // in a class, ECMA-262's \b is a backspace
            }
            case 'u' -> {
                return unicodeEscape(ecma, at + 1, re2);
            }
            case 'c' -> {
                char letter = at + 1 < ecma.length() ? ecma.charAt(at + 1) : 0;
                if (!(letter >= 'a' && letter <= 'z' || letter >= 'A' && letter <= 'Z')) {
                    throw new UnsupportedPatternException();
                }
                re2.append(codePoint(letter % 32));
                return at + 2;
            }
            case '0' -> {
                if (at + 1 < ecma.length() && Character.isDigit(ecma.charAt(at + 1))) {
                    throw new UnsupportedPatternException(); // a legacy octal escape
                }
                re2.append("\\x{0}");
            }
            // the same meaning in both (ASCII classes and boundaries, control escapes, \xHH, \p{..} as RE2 knows them)
            case 'd', 'D', 'w', 'W', 't', 'n', 'r', 'f', 'x', 'p', 'P' -> re2.append('\\').append(c);
            default -> {
                // an escaped syntax character is itself; a digit is a backreference; other letters are not ECMA-262
                if (Character.isLetterOrDigit(c)) {
                    throw new UnsupportedPatternException();
                }
                re2.append(codePoint(c));
            }
        }
        return at + 1;
    }

    /** {@code \\uXXXX} (a surrogate pair of two escapes is one code point) or {@code \\u{X...}}. */
    private static int unicodeEscape(String ecma, int at, StringBuilder re2) {
        if (ecma.startsWith("{", at)) {
            int close = ecma.indexOf('}', at);
            if (close < 0) {
                throw new UnsupportedPatternException();
            }
            re2.append(codePoint(hex(ecma, at + 1, close)));
            return close + 1;
        }
        int unit = hex(ecma, at, at + 4);
        int next = at + 4;
        if (Character.isHighSurrogate((char) unit) && ecma.startsWith("\\u", next)) {
            int low = hex(ecma, next + 2, next + 6);
            if (Character.isLowSurrogate((char) low)) {
                re2.append(codePoint(Character.toCodePoint((char) unit, (char) low)));
                return next + 6;
            }
        }
        re2.append(codePoint(unit));
        return next;
    }

    private static int hex(String text, int from, int to) {
        if (to > text.length() || to - from < 1 || to - from > 6) {
            throw new UnsupportedPatternException();
        }
        try {
            return Integer.parseInt(text.substring(from, to), 16);
        } catch (NumberFormatException e) {
            throw new UnsupportedPatternException();
        }
    }

    private static String codePoint(int value) {
        return "\\x{" + Integer.toHexString(value) + "}";
    }

    private static String ranges(int[][] ranges) {
        StringBuilder out = new StringBuilder();
        for (int[] range : ranges) {
            out.append(codePoint(range[0]));
            if (range[1] != range[0]) {
                out.append('-').append(codePoint(range[1]));
            }
        }
        return out.toString();
    }

    /** The code points outside ascending, disjoint ranges, as ranges (a negated class cannot sit inside a class). */
    private static int[][] complement(int[][] ranges) {
        List<int[]> gaps = new ArrayList<>();
        int next = 0;
        for (int[] range : ranges) {
            if (range[0] > next) {
                gaps.add(new int[] {next, range[0] - 1});
            }
            next = range[1] + 1;
        }
        gaps.add(new int[] {next, Character.MAX_CODE_POINT});
        return gaps.toArray(new int[0][]);
    }

    /** The time given to the matching of one validation has passed. */
    public static final class MatchingTimeExceededException extends RuntimeException {
        MatchingTimeExceededException() {
            super("pattern matching took longer than its limit", null, false, false);
        }
    }

    /** A pattern RE2 cannot run in linear time, or that is not ECMA-262. Carries no pattern text. */
    public static final class UnsupportedPatternException extends IllegalArgumentException {
        UnsupportedPatternException() {
            super("pattern not supported by the linear-time engine");
        }
    }
}
