package io.mcpgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * application.properties and docs/configuration.md say what {@link GatewaySettings.Key} and {@link FixedLimit}
 * declare: every setting with its variable and default, in its section, no undocumented key and no stale one. (The
 * packaged copy of application.properties is this same file, copied by the build.)
 */
class ConfigurationReferenceTest {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("^([\\w.\\-]+)\\s*=\\s*\\{\\{env:(\\w+):(.*)}}\\s*$", Pattern.MULTILINE);
    private static final Pattern SETTING_ROW =
            Pattern.compile("^\\| `([\\w.\\-]+)` \\| `(\\w+)` \\| ([^|]*) \\|");
    private static final Pattern FIXED_ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]*) \\| ([^|]*) \\|$");

    /** A documented setting: its variable, the default column and the heading it stands under. */
    private record Row(String env, String defaultColumn, String heading) {
    }

    @Test
    void applicationPropertiesDeclaresEverySettingWithItsVariableAndDefault() throws IOException {
        Map<String, String[]> file = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(Path.of("application.properties")));
        while (m.find()) {
            file.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        for (GatewaySettings.Key key : GatewaySettings.Key.values()) {
            assertThat(file).as("application.properties declares " + key).containsKey(key.property);
            assertThat(file.get(key.property)[0]).as(key.property).isEqualTo(key.env);
            assertThat(file.get(key.property)[1]).as("default of " + key).isEqualTo(key.defaultValue);
            if (key.secret) {
                assertThat(key.defaultValue).as("a secret has no default: " + key).isEmpty();
            }
        }
        assertThat(file.keySet()).as("keys read from the environment but not declared")
                .containsExactlyInAnyOrderElementsOf(properties());
    }

    @Test
    void docsDocumentEverySettingInItsSectionWithItsDefault() throws IOException {
        Map<String, Row> docs = settingRows(Files.readAllLines(Path.of("docs/configuration.md")));
        for (GatewaySettings.Key key : GatewaySettings.Key.values()) {
            Row row = docs.get(key.property);
            assertThat(row).as("docs/configuration.md documents " + key).isNotNull();
            assertThat(row.env()).as(key.property).isEqualTo(key.env);
            assertThat(row.heading()).as("section of " + key).startsWith(key.group.heading);
            if (key.defaultValue.isEmpty()) {
                assertThat(row.defaultColumn()).as("default of " + key).startsWith("empty");
            } else {
                assertThat(row.defaultColumn()).as("default of " + key).isEqualTo("`" + key.defaultValue + "`");
            }
        }
        assertThat(docs.keySet()).as("documented settings that are not declared")
                .containsExactlyInAnyOrderElementsOf(properties());
    }

    @Test
    void docsListEveryFixedLimitWithItsValueAndReason() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher m = FIXED_ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new String[] {m.group(2).trim(), m.group(3).trim()});
            }
        }
        for (FixedLimit limit : FixedLimit.values()) {
            assertThat(rows).as("docs/configuration.md lists " + limit).containsKey(limit.name());
            assertThat(rows.get(limit.name())).as(limit.name()).containsExactly(limit.shown, limit.reason);
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrder(
                java.util.Arrays.stream(FixedLimit.values()).map(Enum::name).toArray(String[]::new));
    }

    @Test
    void declarationIsCoherent() {
        for (GatewaySettings.Key key : GatewaySettings.Key.values()) {
            assertThat(key.description).as(key.name()).isNotBlank();
            boolean ranged = key.type == GatewaySettings.Type.NUMBER || key.type == GatewaySettings.Type.SECONDS;
            assertThat(ranged ? key.min < key.max : key.min == 0 && key.max == 0).as("range of " + key).isTrue();
            if (ranged && !key.defaultValue.isEmpty()) {
                assertThat(Long.parseLong(key.defaultValue)).as("default of " + key).isBetween(key.min, key.max);
            }
        }
    }

    private static List<String> properties() {
        return java.util.Arrays.stream(GatewaySettings.Key.values()).map(k -> k.property).toList();
    }

    private static Map<String, Row> settingRows(List<String> lines) {
        Map<String, Row> rows = new LinkedHashMap<>();
        String heading = "";
        for (String line : lines) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                heading = line.substring(line.indexOf(' ') + 1);
            }
            Matcher m = SETTING_ROW.matcher(line);
            if (m.find()) {
                assertThat(rows.put(m.group(1), new Row(m.group(2), m.group(3).trim(), heading)))
                        .as("documented once: " + m.group(1)).isNull();
            }
        }
        return rows;
    }
}
