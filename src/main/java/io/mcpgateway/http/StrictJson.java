package io.mcpgateway.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * Parses caller JSON strictly: only UTF-8 (RFC 8259), and duplicate keys, trailing content and deep nesting are
 * errors, so no two parsers can read one body differently and no body can exhaust the stack.
 */
public final class StrictJson {

    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    private StrictJson() {
    }

    /** The body as a JSON object, or a 400 {@code VALIDATION_ERROR}. */
    public static JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : MAPPER.readTree(utf8(body));
        } catch (IOException e) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Malformed JSON body");
        }
        if (node == null || !node.isObject()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Request body must be a JSON object");
        }
        return node;
    }

    /** Whether the body is JSON of any kind (an array, a string...), by the same strict reading as {@link #readObject}. */
    public static boolean isJson(byte[] body) {
        try {
            return body != null && body.length > 0 && MAPPER.readTree(utf8(body)) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A string parameter of a request object: empty when it is absent, null or "", its text otherwise. Any other type
     * is a 400 that says so, in one wording for every endpoint (a number is a wrong type, not a missing parameter).
     */
    public static Optional<String> optionalText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Parameter '" + name + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    /**
     * The body as text, if it is well-formed UTF-8. Jackson's own decoding takes overlong forms ("C0 AF" for "/") and
     * encoded surrogates, and guesses UTF-16 or UTF-32 from the first bytes. A leading byte order mark is not JSON
     * (RFC 8259 section 8.1: senders must not add one) and is refused like any other stray byte, so that a parser
     * in front of or behind the gateway that does not skip it cannot read the body differently.
     */
    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    }
}
