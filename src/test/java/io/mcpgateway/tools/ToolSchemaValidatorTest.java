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

    /** Issue 9 item 7: the JDK's backtracking engine took 5.9 s for this one call (quadratic in the spaces). */
    @Test
    void aBacktrackingPatternAgainst40000SpacesIsAnsweredInWellUnderASecond() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"pattern\":\"\\\\s+$\"}}}");
        JsonNode arguments = JSON.createObjectNode().put("text", " ".repeat(40_000) + "x");
        validator.validate(schema, json("{\"text\":\" \"}")); // compiled and cached: only the match is timed

        long start = System.nanoTime();
        assertThatThrownBy(() -> validator.validate(schema, arguments))
                .hasMessage("Invalid arguments at /text: fails 'pattern'");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(1));
    }

    @Test
    void patternPropertiesRunOnTheLinearTimeEngineToo() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"patternProperties\":{\"\\\\s+$\":{\"type\":\"number\"}},"
                + "\"additionalProperties\":false}");
        JsonNode arguments = JSON.createObjectNode().put(" ".repeat(40_000) + "x", 1);

        long start = System.nanoTime();
        assertThatThrownBy(() -> validator.validate(schema, arguments)).hasMessageContaining("fails 'additionalProperties'");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(1));
        assertThatCode(() -> validator.validate(schema, json("{\"a \":1}"))).doesNotThrowAnyException();
    }

    /** Linear in the text times the pattern: the largest arguments against the largest pattern get a time limit. */
    @Test
    void argumentsTooCostlyToMatchWithinTheTimeLimitAreRefused() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"string\","
                + "\"pattern\":\"(?:\\\\S?){1000}(?:\\\\s?){1000}x\"}}}");
        JsonNode arguments = JSON.createObjectNode().put("t", "a".repeat(ToolArguments.MAX_TOTAL_TEXT - 1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> validator.validate(schema, arguments))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.VALIDATION_ERROR))
                .hasMessage("Arguments too costly to check against the tool's schema");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(ToolSchemaValidator.MAX_MATCHING_TIME.multipliedBy(10));
    }

    /** A keyword left out would change what "not" or "additionalProperties" decide: the whole schema is skipped. */
    @Test
    void aSchemaWithAPatternThatNeedsBacktrackingIsTheUpstreamsToEnforce() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                + "\"b\":{\"not\":{\"pattern\":\"^(x)\\\\1$\"}}}}");

        assertThatCode(() -> validator.validate(schema, json("{\"a\":\"not a number\",\"b\":\"xx\"}")))
                .doesNotThrowAnyException();
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
