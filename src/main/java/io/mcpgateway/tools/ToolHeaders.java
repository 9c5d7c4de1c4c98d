package io.mcpgateway.tools;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool's {@code x-mcp-header} declarations (modern revision): the top-level arguments mirrored into
 * {@code Mcp-Param-{name}} headers. A tool whose declarations are unusable (a name that is not an HTTP token, or two
 * names equal but for case) is left out of the tool list, as the specification asks of clients.
 */
public final class ToolHeaders {

    /** RFC 9110 token. */
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$");

    private ToolHeaders() {
    }

    public static boolean declarationsUsable(JsonNode tool) {
        JsonNode properties = tool.path("inputSchema").path("properties");
        Set<String> seen = new HashSet<>();
        for (var fields = properties.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> property = fields.next();
            JsonNode header = property.getValue().get("x-mcp-header");
            if (header == null) {
                continue;
            }
            if (!header.isTextual() || !TOKEN.matcher(header.asText()).matches()
                    || !seen.add(header.asText().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
