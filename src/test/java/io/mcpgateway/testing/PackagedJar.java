package io.mcpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar ({@code target/mcp-gateway.jar}) run as its own process from an empty temporary directory, with
 * nothing but its own classpath: the test classpath holds libraries production lacks, so only this shows that the
 * product itself starts. Standard output and standard error are kept apart.
 */
public record PackagedJar(Process process, Path stdoutFile, Path stderrFile) implements AutoCloseable {

    /** @param environment added to this JVM's environment (the management port is system-assigned unless named) */
    public static PackagedJar start(Map<String, String> environment, String... arguments) throws IOException {
        return start(Path.of("target/mcp-gateway.jar"), environment, arguments);
    }

    /** Another build of the jar (the benchmark compares builds). */
    public static PackagedJar start(Path jarFile, Map<String, String> environment, String... arguments) throws IOException {
        Path jar = jarFile.toAbsolutePath();
        assertThat(jar).exists();
        Path directory = Files.createTempDirectory("mcp-gateway-run");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Path stdout = directory.resolve("stdout.log");
        Path stderr = directory.resolve("stderr.log");
        ProcessBuilder start = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        start.environment().put("MANAGEMENT_PORT", "0");
        start.environment().putAll(environment);
        return new PackagedJar(start.start(), stdout, stderr);
    }

    public String stdout() {
        return read(stdoutFile);
    }

    public String stderr() {
        return read(stderrFile);
    }

    /** Both streams, for assertions and failure messages. */
    public String output() {
        return stdout() + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
