package io.mcpgateway.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolErasTest {

    @ParameterizedTest
    @ValueSource(strings = {"forecast", "fs/read.file", "a-b_c", "file:///etc/x?y=1", "~!@#$%^&*()"})
    void plainVisibleAsciiTravelsAsItIs(String value) {
        assertThat(ProtocolEras.headerValue(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zürich", "two words", "tab\there", "line\nbreak", "=?base64?looks-encoded?=", "", "日本"})
    void anythingElseTravelsAsBase64OfItsUtf8Bytes(String value) {
        String encoded = ProtocolEras.headerValue(value);

        assertThat(encoded).startsWith("=?base64?").endsWith("?=").matches("[\\x21-\\x7e]+");
        String inner = encoded.substring("=?base64?".length(), encoded.length() - 2);
        assertThat(new String(Base64.getDecoder().decode(inner), StandardCharsets.UTF_8)).isEqualTo(value);
    }
}
