package io.mcpgateway.endpoint.auth;

import java.io.Closeable;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * The authorization server's signing keys, fetched from its JWKS URL and kept (Nimbus's {@link JWKSourceBuilder}).
 * Verifying a token normally costs no fetch: the set is cached and refreshed in the background shortly before it
 * expires. A token whose {@code kid} the cache does not know triggers one refetch, which is how a key rotation is
 * picked up at once; refetches are rate-limited so that tokens with made-up {@code kid}s cannot turn the gateway into a
 * load generator against the authorization server. During an outage the last set keeps serving for a bounded time,
 * then verification fails closed.
 *
 * <p>The fetch is bounded: connect and read timeouts, a size limit, and no redirects (the configured URL is the
 * authority; a redirect elsewhere is an error, not a new source of keys).
 */
final class RemoteJwks implements AutoCloseable {

    /** How the set is fetched and kept, in milliseconds and bytes; tests shorten the times. */
    record Policy(int connectTimeoutMs, int readTimeoutMs, int sizeLimitBytes, long cacheTtlMs, long refreshAheadMs,
            long refreshWaitMs, long refetchIntervalMs, long outageToleranceMs) {

        /**
         * Timeouts short enough for the request path (a cold cache fetches while a client waits); 64 KiB holds a
         * provider's set with certificate chains many times over; keys live five minutes, as Nimbus advises; at most
         * two fetches in 30 s; an hour of outage served from the last set, since keys rotate over days.
         */
        static final Policy DEFAULT = new Policy(2_000, 2_000, 64 * 1024, 5 * 60_000L, 30_000L, 5_000L, 30_000L,
                60 * 60_000L);
    }

    private final JWKSource<SecurityContext> source;

    RemoteJwks(URI jwksUrl, Policy policy) {
        URL url;
        try {
            url = jwksUrl.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL");
        }
        // a daemon thread: a refresh in flight must not keep the JVM up at shutdown
        ExecutorService refresher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.source = JWKSourceBuilder.create(url, new NoRedirects(policy))
                .cache(policy.cacheTtlMs(), policy.refreshWaitMs())
                .refreshAheadCache(policy.refreshAheadMs(), null, refresher, true, null, false)
                .rateLimited(policy.refetchIntervalMs())
                .outageTolerant(policy.outageToleranceMs())
                .build();
    }

    JWKSource<SecurityContext> source() {
        return source;
    }

    @Override
    public void close() {
        try {
            if (source instanceof Closeable closeable) {
                closeable.close();
            }
        } catch (IOException e) {
            // closing only stops the refresh thread; nothing is left to release
        }
    }

    /** Nimbus's retriever with redirects refused. */
    private static final class NoRedirects extends DefaultResourceRetriever {

        NoRedirects(Policy policy) {
            super(policy.connectTimeoutMs(), policy.readTimeoutMs(), policy.sizeLimitBytes());
        }

        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openHTTPConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }
    }
}
