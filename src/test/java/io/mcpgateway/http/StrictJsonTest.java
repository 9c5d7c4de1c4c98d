package io.mcpgateway.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    private static byte[] withString(int... content) {
        byte[] body = new byte[content.length + 8];
        byte[] start = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, body, 0, start.length);
        for (int i = 0; i < content.length; i++) {
            body[start.length + i] = (byte) content[i];
        }
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    @Test
    void readsUtf8() {
        assertThat(StrictJson.readObject("{\"a\":\"h\u00e9llo \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8))
                .get("a").asText()).isEqualTo("h\u00e9llo \uD83D\uDE00");
    }

    @Test
    void refusesALeadingByteOrderMarkLikeAnyOtherStrayByte() {
        assertThatThrownBy(() -> StrictJson.readObject("\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GatewayException.class).hasMessage("Malformed JSON body");
    }

    @Test
    void refusesUtf8ThatJacksonAloneWouldDecode() {
        assertThatThrownBy(() -> StrictJson.readObject(withString(0xc0, 0xaf))).as("overlong '/'")
                .isInstanceOf(GatewayException.class).hasMessage("Malformed JSON body");
        assertThatThrownBy(() -> StrictJson.readObject(withString(0xc0, 0x80))).as("overlong NUL")
                .isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> StrictJson.readObject(withString(0xed, 0xa0, 0x80))).as("an encoded surrogate")
                .isInstanceOf(GatewayException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE"})
    void refusesOtherEncodings(String charset) {
        assertThatThrownBy(() -> StrictJson.readObject("{\"a\":1}".getBytes(Charset.forName(charset))))
                .isInstanceOf(GatewayException.class);
    }
}
