package io.mcpgateway.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A JSON object written from raw value fragments, in order. A value can be anything (a wrong type, an escape, bytes
 * that are not UTF-8) and a key may appear twice, which no JSON library writes.
 */
final class RawJsonObject {

    private final List<Map.Entry<String, byte[]>> fields;

    private RawJsonObject(List<Map.Entry<String, byte[]>> fields) {
        this.fields = fields;
    }

    static RawJsonObject empty() {
        return new RawJsonObject(List.of());
    }

    /** A JSON string holding the text, escaped as JSON requires. */
    static byte[] quoted(String text) {
        return ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** JSON text as it is written. */
    static byte[] raw(String json) {
        return Bytes.utf8(json);
    }

    RawJsonObject with(String key, String text) {
        return with(key, quoted(text));
    }

    /** The value replaced where the key is, or the key added at the end. */
    RawJsonObject with(String key, byte[] value) {
        List<Map.Entry<String, byte[]>> changed = new ArrayList<>();
        boolean replaced = false;
        for (Map.Entry<String, byte[]> field : fields) {
            boolean match = !replaced && field.getKey().equals(key);
            changed.add(match ? entry(key, value) : field);
            replaced |= match;
        }
        if (!replaced) {
            changed.add(entry(key, value));
        }
        return new RawJsonObject(List.copyOf(changed));
    }

    /** The key added again at the end, whether or not it is there. */
    RawJsonObject plus(String key, byte[] value) {
        List<Map.Entry<String, byte[]>> changed = new ArrayList<>(fields);
        changed.add(entry(key, value));
        return new RawJsonObject(List.copyOf(changed));
    }

    RawJsonObject without(String key) {
        return new RawJsonObject(fields.stream().filter(f -> !f.getKey().equals(key)).toList());
    }

    byte[] value(String key) {
        return fields.stream().filter(f -> f.getKey().equals(key)).findFirst().orElseThrow().getValue();
    }

    List<String> keys() {
        return fields.stream().map(Map.Entry::getKey).toList();
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(quoted(fields.get(i).getKey()));
            out.write(':');
            out.writeBytes(fields.get(i).getValue());
        }
        out.write('}');
        return out.toByteArray();
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private static Map.Entry<String, byte[]> entry(String key, byte[] value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }
}
