package io.mcpgateway.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP answer as it came over the wire: status, header lines in order, and the body with its framing removed. */
public record RawResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Status, headers and body as one text, for searching and for failure messages. */
    public String text() {
        return status + " " + headers + " " + bodyText();
    }
}
