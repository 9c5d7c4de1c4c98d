package io.mcpgateway.logging;

import java.util.List;
import java.util.UUID;

import io.mcpgateway.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator log pattern (logback-test.xml, as in production) with a value and an exception that try to forge lines. */
class SanitizedConvertersTest {

    private static final Logger LOG = LoggerFactory.getLogger(SanitizedConvertersTest.class);

    @Test
    void aForgedLineInAMessageOrAnExceptionMessageStaysOnItsLineWhileTheTraceKeepsItsOwn() {
        String marker = UUID.randomUUID().toString();
        String forged = "\r\n2026-12-02 06:00:00.000 INFO  [main] io.mcpgateway - FORGED\u2028\u0085\u202Eevil";

        LOG.warn("value {}{}", marker, forged, new IllegalStateException(marker + forged, new RuntimeException("cause" + forged)));

        List<String> lines = CapturedLogs.text().lines().dropWhile(l -> !l.contains("value " + marker)).toList();
        String escaped = "\\u000D\\u000A2026-12-02 06:00:00.000 INFO  [main] io.mcpgateway - FORGED\\u2028\\u0085\\u202Eevil";
        assertThat(lines.get(0)).endsWith("value " + marker + escaped);
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: " + marker + escaped);
        assertThat(lines.get(2)).startsWith("\tat io.mcpgateway.logging.SanitizedConvertersTest.");
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("Caused by: java.lang.RuntimeException: cause" + escaped));
        assertThat(lines).noneMatch(l -> l.contains("FORGED") && !l.contains(marker) && !l.startsWith("Caused by"));
        assertThat(String.join("\n", lines)).doesNotContain("\u2028", "\u0085", "\u202E");
    }
}
