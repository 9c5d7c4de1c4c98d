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
 * A hard limit on the whole probe exchange. Socket timeouts bound each read, not their sum, so a server that trickles
 * its answer could hold a worker thread indefinitely; this closes the connection when the limit passes. The status
 * line and headers are all the probe needs: once they arrive the connection is dropped with its body unread, so
 * nothing after them (a trickled or endless body) can hold the call either.
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
            ClassicHttpResponse response = chain.proceed(request, scope);
            if (expired.get()) {
                throw timedOut();
            }
            scope.execRuntime.discardEndpoint();
            response.setEntity(null);
            return response;
        } catch (IOException e) {
            throw expired.get() ? timedOut() : e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static InterruptedIOException timedOut() {
        return new InterruptedIOException("credential probe exceeded its time limit");
    }
}
