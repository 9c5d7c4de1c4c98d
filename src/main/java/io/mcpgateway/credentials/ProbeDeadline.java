package io.mcpgateway.credentials;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * A hard limit on the whole probe exchange (connect, TLS, request, response head). Socket timeouts bound each read,
 * not their sum, so a server that trickles its answer could hold a worker thread indefinitely; this closes the
 * connection when the limit passes. The response body is never read, so the head is the end of the exchange.
 */
public class ProbeDeadline implements HttpClientConfigurer, ExecChainHandler {

    private final Duration limit;
    private final ScheduledExecutorService timer;

    public ProbeDeadline(Duration limit, ScheduledExecutorService timer) {
        this.limit = limit;
        this.timer = timer;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("probe-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            expired.set(true);
            scope.execRuntime.discardEndpoint();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return chain.proceed(request, scope);
        } catch (IOException e) {
            if (expired.get()) {
                throw new InterruptedIOException("credential probe exceeded its time limit");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }
}
