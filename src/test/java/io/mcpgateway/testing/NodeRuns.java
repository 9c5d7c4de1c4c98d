package io.mcpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the tests that run a Node program (the conformance suite, the MCP client SDK) share: a folder, a time limit. */
final class NodeRuns {

    private NodeRuns() {
    }

    /** A fresh folder for one run's output, under {@code target/<kind>/}. */
    static Path folder(String kind) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", kind)), "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end; past the limit it and its children are killed, and the run fails. */
    static void awaitExit(Process process, Duration limit, String what, Path log) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IllegalStateException(what + " ran past " + limit.toSeconds() + " s and was stopped; see " + log);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what + " ran", e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
