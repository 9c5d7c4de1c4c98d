package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcpgateway.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolArgumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "get_weather", "fs/read.file", "a-b", "x"})
    void acceptsPlainToolNames(String name) {
        assertThat(ToolArguments.requireToolName(TextNode.valueOf(name))).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "semi;colon", "new\nline", "ünïcode", "../../etc/passwd\u0000"})
    void refusesOtherNames(String name) {
        assertThatThrownBy(() -> ToolArguments.requireToolName(TextNode.valueOf(name))).isInstanceOf(GatewayException.class);
    }

    @Test
    void refusesOverlongAndNonStringNames() throws Exception {
        assertThatThrownBy(() -> ToolArguments.requireToolName(TextNode.valueOf("a".repeat(129))))
                .isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> ToolArguments.requireToolName(json("42"))).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> ToolArguments.requireToolName(null)).isInstanceOf(GatewayException.class);
    }

    @Test
    void absentArgumentsAreAnEmptyObject() throws Exception {
        assertThat(ToolArguments.requireArguments(null)).isEmpty();
        assertThat(ToolArguments.requireArguments(json("null"))).isEmpty();
    }

    @Test
    void argumentsMustBeAnObject() {
        for (String notObject : new String[] {"[1]", "\"text\"", "3", "true"}) {
            assertThatThrownBy(() -> ToolArguments.requireArguments(json(notObject)))
                    .hasMessage("Parameter 'arguments' must be a JSON object");
        }
    }

    @Test
    void depthIsBounded() throws Exception {
        String deep31 = "{\"a\":".repeat(31) + "1" + "}".repeat(31);
        String deep33 = "{\"a\":".repeat(33) + "1" + "}".repeat(33);

        assertThat(ToolArguments.requireArguments(json(deep31))).isNotNull();
        assertThatThrownBy(() -> ToolArguments.requireArguments(json(deep33)))
                .hasMessageContaining("nested deeper than 32");
    }

    @Test
    void totalTextIsBounded() throws Exception {
        String half = "x".repeat(ToolArguments.MAX_TOTAL_TEXT / 2);
        assertThat(ToolArguments.requireArguments(json("{\"a\":\"" + half + "\"}"))).isNotNull();
        assertThatThrownBy(() -> ToolArguments.requireArguments(json("{\"a\":\"" + half + "\",\"b\":[\"" + half + "\"]}")))
                .hasMessageContaining("characters of text");
    }

    @Test
    void numbersOutOfRangeAreRefusedRatherThanForwardedAsText() throws Exception {
        assertThat(ToolArguments.requireArguments(json("{\"a\":1e308,\"b\":[1e-999,-2.5]}"))).isNotNull();
        for (String overflow : new String[] {"{\"a\":1e999}", "{\"a\":{\"b\":[-1e999]}}"}) {
            assertThatThrownBy(() -> ToolArguments.requireArguments(json(overflow)))
                    .hasMessage("Arguments contain a number out of range");
        }
    }
}
