package io.mcpgateway.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings application.properties gives when no environment variable is set, by property key. */
public final class DefaultSettings {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\{\\{env:[A-Z_]+:(.*)}}");

    private DefaultSettings() {
    }

    /** A fresh, modifiable map for each caller. */
    public static Map<String, String> values() {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> values = new HashMap<>();
        file.stringPropertyNames().forEach(key -> {
            Matcher env = ENV_DEFAULT.matcher(file.getProperty(key));
            values.put(key, env.matches() ? env.group(1) : file.getProperty(key));
        });
        return values;
    }
}
