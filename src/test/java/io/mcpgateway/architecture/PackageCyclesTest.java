package io.mcpgateway.architecture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's packages depend on each other one way only, as jdeps reads the compiled classes. */
class PackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.mcpgateway[\\w.]*)\\s+->\\s+(io\\.mcpgateway[\\w.]*)\\s");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        Map<String, Set<String>> uses = dependencies(Path.of("target/classes"));
        assertThat(uses).as("jdeps found the gateway's packages").containsKeys("io.mcpgateway.config", "io.mcpgateway.upstream", "io.mcpgateway.http");

        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            for (String next : uses.get(start)) {
                if (reaches(uses, next, start, new HashSet<>())) {
                    cycles.add(start + " -> " + next + " -> ... -> " + start);
                }
            }
        }
        assertThat(cycles).isEmpty();
    }

    @Test
    void theErrorCatalogDependsOnNothingElseOfTheGateways() {
        assertThat(dependencies(Path.of("target/classes")).getOrDefault("io.mcpgateway.error", Set.of())).isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "-verbose:package", "-filter:none", classes.toString());
        assertThat(status).as("jdeps exit status").isZero();
        Map<String, Set<String>> uses = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                uses.computeIfAbsent(edge.group(1), k -> new HashSet<>()).add(edge.group(2));
            }
        }
        return uses;
    }
}
