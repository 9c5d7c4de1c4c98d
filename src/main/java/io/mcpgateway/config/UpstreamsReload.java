package io.mcpgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.mcpgateway.observe.GatewayMetrics;
import io.mcpgateway.upstream.Upstream;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.UpstreamRegistry.Federation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a changed {@code MCP_UPSTREAMS_FILE} without a restart, checked every
 * {@link FixedLimit#UPSTREAMS_FILE_CHECK_SECONDS}: a file that validates (and whose TLS material loads) replaces the
 * registry's federation for new requests; sessions stay; an upstream that is gone has its upstream sessions ended. A
 * file that does not keeps the running configuration: every problem is logged, and the metrics say the file on disk
 * is not the one in use.
 */
final class UpstreamsReload implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamsReload.class);

    private final Path file;
    private final Function<Path, UpstreamsFile> read;
    private final UpstreamWiring wiring;
    private final UpstreamRegistry upstreams;
    private final Consumer<Upstream> endSessionsWith;
    private final GatewayMetrics metrics;
    private byte[] seen;

    /**
     * @param read            reads and validates the file (throws InvalidConfigurationException)
     * @param endSessionsWith ends every upstream session open with an upstream that is gone
     */
    UpstreamsReload(Path file, Function<Path, UpstreamsFile> read, UpstreamWiring wiring, UpstreamRegistry upstreams,
                    Consumer<Upstream> endSessionsWith, GatewayMetrics metrics) {
        this.file = file;
        this.read = read;
        this.wiring = wiring;
        this.upstreams = upstreams;
        this.endSessionsWith = endSessionsWith;
        this.metrics = metrics;
        this.seen = digest();
    }

    @Override
    public void run() {
        try {
            byte[] now = digest();
            if (now == null || Arrays.equals(now, seen)) {
                return;
            }
            seen = now;
            apply();
        } catch (RuntimeException e) {
            // a failure must not cancel the schedule: the next check tries again
            LOG.error("[GATEWAY] Could not check {} for changes", UpstreamsFile.ENV, e);
        }
    }

    private void apply() {
        Federation next;
        try {
            next = wiring.federation(read.apply(file), upstreams.federation());
        } catch (InvalidConfigurationException e) {
            metrics.upstreamsReload(false);
            LOG.warn("[GATEWAY] {} changed, but the change is refused; the running configuration stays:", UpstreamsFile.ENV);
            e.problems().forEach(line -> LOG.warn("[GATEWAY]   {}", line));
            return;
        }
        List<Upstream> gone = upstreams.replace(next);
        metrics.upstreamsReload(true);
        LOG.info("[GATEWAY] {} changed: now {} upstream(s): {}", UpstreamsFile.ENV, next.byName().size(),
                String.join(", ", next.byName().keySet()));
        for (Upstream old : gone) {
            wiring.retire(old, next.byName().containsKey(old.name()));
            if (!next.byName().containsKey(old.name())) {
                endSessionsWith.accept(old);
            }
        }
    }

    /** The file's content digest; null while it cannot be read (it is being replaced): nothing changes then. */
    private byte[] digest() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
