package io.mcpgateway.testing.hostile;

import java.nio.charset.StandardCharsets;

/** A JSON value as bytes, with a short name for labels. The bytes need not be valid JSON or UTF-8. */
record Fragment(String name, byte[] json) {

    /** JSON text written as it is. */
    static Fragment json(String name, String json) {
        return new Fragment(name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string holding the text. */
    static Fragment string(String name, String text) {
        return new Fragment(name, RawJsonObject.quoted(text));
    }

    /** A JSON string whose content is these bytes, as they are. */
    static Fragment stringOfBytes(String name, int... content) {
        byte[] json = new byte[content.length + 2];
        json[0] = '"';
        for (int i = 0; i < content.length; i++) {
            json[i + 1] = (byte) content[i];
        }
        json[json.length - 1] = '"';
        return new Fragment(name, json);
    }
}
