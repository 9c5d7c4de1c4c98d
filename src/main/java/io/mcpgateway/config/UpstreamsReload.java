package io.mcpgateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import io.mcpgateway.upstream.UpstreamRegistry.Federation;
import io.mcpgateway.upstream.UpstreamRegistry;
import io.mcpgateway.upstream.federation.UpstreamDefinition;
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
    private final Function<byte[], UpstreamsFile> parse;
    private final UpstreamWiring wiring;
    private final UpstreamRegistry upstreams;
    private final Consumer<Upstream> retired;
    private final GatewayMetrics metrics;
    private byte[] seen;
    /** The upstreams the file named when it last could be read: their TLS files are watched with it. */
    private List<UpstreamDefinition> named;

    /**
     * @param parse           validates the file's bytes (throws InvalidConfigurationException)
     * @param retired         what else ends with an entry a reload removed or replaced (its sessions, its threads)
     */
    UpstreamsReload(Path file, Function<byte[], UpstreamsFile> parse, UpstreamWiring wiring, UpstreamRegistry upstreams,
                    Consumer<Upstream> retired, GatewayMetrics metrics) {
        this.file = file;
        this.parse = parse;
        this.wiring = wiring;
        this.upstreams = upstreams;
        this.retired = retired;
        this.metrics = metrics;
        this.named = upstreams.federation().upstreams().stream().map(Upstream::definition).toList();
        this.seen = digest(bytes());
    }

    @Override
    public void run() {
        try {
            byte[] bytes = bytes();
            byte[] now = digest(bytes);
            if (now == null || Arrays.equals(now, seen)) {
                return;
            }
            seen = now;
            apply(bytes);
        } catch (RuntimeException e) {
            // a failure must not cancel the schedule: the next check tries again
            LOG.error("[GATEWAY] Could not check {} for changes", UpstreamsFile.ENV, e);
        }
    }

    /** @param bytes what was compared: an edit landing meanwhile is a change of its own, seen at the next check */
    private void apply(byte[] bytes) {
        Federation next;
        try {
            UpstreamsFile changed = parse.apply(bytes);
            named = changed.upstreams();
            seen = digest(bytes); // with the TLS files the changed file names: fixing one of them is a change
            next = wiring.federation(changed, upstreams.federation());
        } catch (InvalidConfigurationException e) {
            metrics.upstreamsReload(false, e.problems().size());
            LOG.warn("[GATEWAY] {} changed, but the change is refused; the running configuration stays:", UpstreamsFile.ENV);
            e.problems().forEach(line -> LOG.warn("[GATEWAY]   {}", line));
            return;
        }
        List<Upstream> gone = upstreams.replace(next);
        metrics.upstreamsReload(true, 0);
        LOG.info("[GATEWAY] {} changed: now {} upstream(s): {}", UpstreamsFile.ENV, next.byName().size(),
                String.join(", ", next.byName().keySet()));
        for (Upstream old : gone) {
            wiring.retire(old, next.byName().containsKey(old.name()));
            retired.accept(old);
        }
    }

    /**
     * The digest of the file and of the TLS files its upstreams name (a CA rotated under the same path is a change);
     * null while the file cannot be read (it is being replaced): nothing changes then.
     */
    private byte[] digest(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            named.forEach(definition -> digest.update(UpstreamWiring.tlsFingerprint(definition)
                    .getBytes(StandardCharsets.US_ASCII)));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The file's bytes; null while it cannot be read (it is being replaced): nothing changes then. */
    private byte[] bytes() {
        try {
            return UpstreamsFile.bytes(file);
        } catch (IOException e) {
            return null;
        }
    }
}
