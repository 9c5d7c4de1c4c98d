package io.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.testing.CredentialApiStub;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolSchemaValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADD_SCHEMA = """
            {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"},
             "opts":{"type":"object","properties":{"mode":{"enum":["fast","exact"]}}}},
             "required":["a","b"],"additionalProperties":false}""";

    private final ToolSchemaValidator validator = new ToolSchemaValidator(100);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void validArgumentsPass() throws Exception {
        assertThatCode(() -> validator.validate(json(ADD_SCHEMA), json("{\"a\":1,\"b\":2.5,\"opts\":{\"mode\":\"fast\"}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void theFirstFailureIsNamedByJsonPointerAndKeyword() throws Exception {
        assertThatThrownBy(() -> validator.validate(json(ADD_SCHEMA), json("{\"a\":\"one\",\"b\":2}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Invalid arguments at /a: fails 'type'").doesNotContain("one");
                });
        assertThatThrownBy(() -> validator.validate(json(ADD_SCHEMA), json("{\"a\":1,\"b\":2,\"opts\":{\"mode\":\"slow\"}}")))
                .hasMessage("Invalid arguments at /opts/mode: fails 'enum'");
        assertThatThrownBy(() -> validator.validate(json(ADD_SCHEMA), json("{\"a\":1}")))
                .hasMessage("Invalid arguments at /: fails 'required'");
    }

    @Test
    void aToolWithoutSchemaOrWithAnUnusableOneIsNotJudgedHere() throws Exception {
        assertThatCode(() -> validator.validate(null, json("{\"anything\":1}"))).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(json("{\"type\":42}"), json("{}"))).doesNotThrowAnyException();
    }

    @Test
    void referencedSchemasAreNeverFetched() throws Exception {
        try (CredentialApiStub remote = new CredentialApiStub()) {
            JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"" + remote.apiUrl("/schema.json")
                    + "\"}}}");

            assertThatCode(() -> validator.validate(schema, json("{\"x\":1}"))).doesNotThrowAnyException();
            assertThatCode(() -> validator.validate(schema, json("{\"x\":\"y\"}"))).doesNotThrowAnyException();
            assertThat(remote.requestCount()).isZero();
        }
    }
}
