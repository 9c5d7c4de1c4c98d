package io.mcpgateway.tools;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * The shape checks every tool call passes before anything is sent upstream: a well-formed tool name, and arguments
 * that are an object of bounded depth and bounded total text, with finite numbers.
 */
public final class ToolArguments {

    static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_./-]{1,128}$");
    public static final int MAX_DEPTH = 32;
    /** Characters in all keys and string values together. */
    public static final int MAX_TOTAL_TEXT = 512 * 1024;

    private ToolArguments() {
    }

    public static String requireToolName(JsonNode name) {
        if (name == null || !name.isTextual() || !TOOL_NAME.matcher(name.asText()).matches()) {
            throw invalid("Invalid tool name: 1 to 128 characters from A-Z a-z 0-9 _ . / -");
        }
        return name.asText();
    }

    /** The arguments object; absent or null means no arguments. */
    public static ObjectNode requireArguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!arguments.isObject()) {
            throw invalid("Parameter 'arguments' must be a JSON object");
        }
        long text = measure(arguments, 1);
        if (text > MAX_TOTAL_TEXT) {
            throw invalid("Arguments exceed " + MAX_TOTAL_TEXT + " characters of text");
        }
        return (ObjectNode) arguments;
    }

    /** Total text below this node; fails past the depth limit and on numbers out of range. */
    private static long measure(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid("Arguments are nested deeper than " + MAX_DEPTH + " levels");
        }
        // 1e999 parses as infinity, which would be forwarded as the string "Infinity": not what the schema checked
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw invalid("Arguments contain a number out of range");
        }
        if (node.isTextual()) {
            return node.asText().length();
        }
        long total = 0;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                total += field.getKey().length() + measure(field.getValue(), depth + 1);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                total += measure(element, depth + 1);
            }
        }
        return total;
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorType.VALIDATION_ERROR, message);
    }
}
