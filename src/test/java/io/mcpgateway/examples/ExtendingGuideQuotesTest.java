package io.mcpgateway.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/extending.md honest: every code block marked {@code <!-- quoted from <file> -->} must stand in that file,
 * line for line (indentation aside), where a line {@code // ...} in the quote stands for lines left out.
 */
class ExtendingGuideQuotesTest {

    private static final Pattern QUOTE = Pattern.compile("<!-- quoted from (\\S+) -->\\s*```\\w*\\n(.*?)```",
            Pattern.DOTALL);
    private static final String ELISION = "// ...";

    @Test
    void everyQuotedBlockStandsInItsFile() throws IOException {
        Matcher quote = QUOTE.matcher(Files.readString(Path.of("docs/extending.md")));
        int quotes = 0;
        while (quote.find()) {
            List<String> file = significantLines(Files.readString(Path.of(quote.group(1))));
            int from = 0;
            for (List<String> run : runsBetweenElisions(significantLines(quote.group(2)))) {
                int at = Collections.indexOfSubList(file.subList(from, file.size()), run);
                assertThat(at).as("quoted from %s, in this order:%n%s", quote.group(1), String.join("\n", run))
                        .isNotNegative();
                from += at + run.size();
            }
            quotes++;
        }
        assertThat(quotes).as("quoted blocks in docs/extending.md").isGreaterThanOrEqualTo(3);
    }

    private static List<String> significantLines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static List<List<String>> runsBetweenElisions(List<String> lines) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String line : lines) {
            if (line.equals(ELISION)) {
                runs.add(run);
                run = new ArrayList<>();
            } else {
                run.add(line);
            }
        }
        runs.add(run);
        return runs;
    }
}
