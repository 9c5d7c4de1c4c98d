package io.mcpgateway.upstream;

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
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;

/**
 * A hard limit on an HTTP exchange up to its response head (connect, TLS, request, waiting). Socket timeouts bound
 * each read, not their sum, so a server that trickles its answer could hold a worker thread indefinitely; this closes
 * the connection when the limit passes.
 *
 * <p>The limit is the client's default, or the moment named by the internal header {@link #DEADLINE} (epoch millis),
 * which routes set so that one limit spans every attempt of a request. With {@link #DROP_BODY} (or for a client
 * that never needs bodies) the connection is dropped as soon as the head arrives, body unread, so nothing after the
 * head can hold the call either. Internal headers are removed before the request leaves.
 */
public class RequestDeadline implements HttpClientConfigurer, ExecChainHandler {

    public static final String DEADLINE = "X-Gateway-Deadline-Millis";
    public static final String DROP_BODY = "X-Gateway-Drop-Body";

    private final Duration defaultLimit;
    private final ScheduledExecutorService timer;
    private final boolean alwaysDropBody;

    public RequestDeadline(Duration defaultLimit, ScheduledExecutorService timer, boolean alwaysDropBody) {
        this.defaultLimit = defaultLimit;
        this.timer = timer;
        this.alwaysDropBody = alwaysDropBody;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("request-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        long limitMillis = limitMillis(request.getFirstHeader(DEADLINE));
        boolean dropBody = alwaysDropBody || request.containsHeader(DROP_BODY);
        request.removeHeaders(DEADLINE);
        request.removeHeaders(DROP_BODY);
        if (limitMillis <= 0) {
            throw timedOut();
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            expired.set(true);
            scope.execRuntime.discardEndpoint();
        }, limitMillis, TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            if (expired.get()) {
                throw timedOut();
            }
            if (dropBody) {
                scope.execRuntime.discardEndpoint();
                response.setEntity(null);
            }
            return response;
        } catch (IOException e) {
            throw expired.get() ? timedOut() : e;
        } finally {
            deadline.cancel(false);
        }
    }

    private long limitMillis(Header deadlineHeader) {
        if (deadlineHeader == null) {
            return defaultLimit.toMillis();
        }
        try {
            return Long.parseLong(deadlineHeader.getValue()) - System.currentTimeMillis();
        } catch (NumberFormatException e) {
            return defaultLimit.toMillis();
        }
    }

    private static InterruptedIOException timedOut() {
        return new InterruptedIOException("request exceeded its time limit");
    }
}
