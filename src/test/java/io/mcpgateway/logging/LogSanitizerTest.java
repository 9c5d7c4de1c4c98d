package io.mcpgateway.logging;

import io.mcpgateway.testing.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSanitizerTest {

    @Test
    void masksBearerTokensWhateverTheirShape() {
        assertThat(LogSanitizer.sanitize("Authorization: Bearer abc.DEF-123_x~y+z/=")).isEqualTo("Authorization: Bearer ***");
        assertThat(LogSanitizer.sanitize("authorization=bearer opaque-token")).isEqualTo("authorization=bearer ***");
    }

    @Test
    void masksJwtShapedStringsAnywhere() {
        String jwt = TestTokens.jwt("alice");
        assertThat(LogSanitizer.sanitize("token=" + jwt + " end")).isEqualTo("token=*** end");
        assertThat(LogSanitizer.sanitize("{\"jwtToken\":\"" + jwt + "\"}")).isEqualTo("{\"jwtToken\":\"***\"}");
    }

    @Test
    void masksJwtsWhoseHeaderHasWhiteSpace() {
        String spaced = io.mcpgateway.testing.TestTokens.part("{ \"alg\": \"HS256\" }") + "."
                + io.mcpgateway.testing.TestTokens.part("{\n\"sub\":\"a\"}") + ".c2ln";
        assertThat(LogSanitizer.sanitize("t=" + spaced)).isEqualTo("t=***");
    }

    @Test
    void masksUrlUserInfoAndQueryStrings() {
        assertThat(LogSanitizer.sanitize("GET https://bob:pw@api.example.com/v1/x?key=s3cr3t&b=2 failed"))
                .isEqualTo("GET https://***@api.example.com/v1/x?*** failed");
        assertThat(LogSanitizer.sanitize("Connect to http://10.0.0.1:8080/a?token=t#frag refused"))
                .isEqualTo("Connect to http://10.0.0.1:8080/a?***#frag refused");
    }

    @Test
    void masksRegisteredSecretsButNotShortWords() {
        LogSanitizer.registerSecret("my-configured-api-key-1");
        LogSanitizer.registerSecret("abc");
        assertThat(LogSanitizer.sanitize("key my-configured-api-key-1 used by abc"))
                .isEqualTo("key *** used by abc");
    }

    @Test
    void escapesAsciiControlsSoNoValueStartsANewLine() {
        assertThat(LogSanitizer.escapeControls("a\r\nFORGED\u0000\u001b[31m\u007f"))
                .isEqualTo("a\\u000D\\u000AFORGED\\u0000\\u001B[31m\\u007F");
        assertThat(LogSanitizer.escapeControls("tab\tstays")).isEqualTo("tab\tstays");
    }

    @Test
    void escapesC1ControlsIncludingTheNextLineCharacter() {
        assertThat(LogSanitizer.escapeControls("a\u0085b\u0080\u009f")).isEqualTo("a\\u0085b\\u0080\\u009F");
    }

    @Test
    void escapesTheUnicodeLineAndParagraphSeparators() {
        assertThat(LogSanitizer.escapeControls("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
    }

    @Test
    void escapesEveryBidiEmbeddingOverrideAndIsolateControl() {
        for (int ch : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
            assertThat(LogSanitizer.escapeControls("x" + (char) ch + "y")).isEqualTo(String.format("x\\u%04Xy", ch));
        }
        // the neighbours of those ranges are ordinary text
        assertThat(LogSanitizer.escapeControls("\u2027\u202F\u2065\u206A")).isEqualTo("\u2027\u202F\u2065\u206A");
    }

    @Test
    void leavesOtherTextIncludingNonLatinScriptsAndEmojiAlone() {
        String text = "Grüße, 東京, مرحبا, \uD83D\uDE00 and a \\u2028 typed as six characters";
        assertThat(LogSanitizer.escapeControls(text)).isSameAs(text);
        assertThat(LogSanitizer.escapeControls(null)).isNull();
    }

    @Test
    void leavesOrdinaryOperatorLinesAlone() {
        String line = "[MCP CLIENT] Credentials validated successfully for session_id: user_123 (request_id=r-1, 12 ms)";
        assertThat(LogSanitizer.sanitize(line)).isEqualTo(line);
        assertThat(LogSanitizer.sanitize(null)).isNull();
    }
}
