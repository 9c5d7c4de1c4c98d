package io.mcpgateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReply;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Reads the upstream's answer to one request from the live response stream: 202 for a notification, otherwise the
 * JSON-RPC response (plain or on an event stream), bounded in size and time. The connection is aborted, not drained,
 * when the answer ends before the stream does.
 *
 * <p>It runs inside the circuit breaker (the stream must be read before the breaker's exchange completes, when Camel
 * drains it), and the breaker's EIP treats any exception it does not count as a success and discards it. So only the
 * failures that count are thrown here (5xx and transport errors, including timeouts); every other failure (404, or a
 * 400 that refuses the session, for an expired session; other 4xx; a malformed answer) is kept in {@link #FAILURE} and
 * raised after the breaker by {@link #raiseKeptFailure}.
 */
public class ReadUpstreamReply implements Processor {

    static final String FAILURE = "gatewayUpstreamFailure";
    /** The last event id seen on a stream being resumed, and how many times it was. */
    static final String RESUME_FROM = "gatewayUpstreamResumeFrom";
    static final String RESUMPTIONS = "gatewayUpstreamResumptions";
    static final int MAX_RESUMPTIONS = 5;
    /**
     * What is read of a stream after its answer, so that its connection can go back to the pool: a server ends a POST's
     * event stream after its last answer, so the end is normally a few bytes and well under a millisecond away. A stream
     * that goes on longer, or sends more, is dropped instead: the caller never waits more than this for it.
     */
    static final long DRAIN_MILLIS = 50;
    static final int DRAIN_MAX_BYTES = 64 * 1024;
    /** The JSON-RPC code the TypeScript SDK's transports and examples give a request they refuse before processing. */
    private static final int TRANSPORT_REFUSAL = -32000;

    private final JsonRpcReplyReader reader;
    private final ScheduledExecutorService timer;
    private final BiConsumer<Exchange, JsonNode> refuseServerRequest;
    private final UnaryOperator<Exchange> resumeStream;

    /**
     * @param timer               aborts a body still being read when the request's deadline passes
     * @param refuseServerRequest answers a request the server sent on the stream, within this exchange's session
     * @param resumeStream        runs {@code resume-upstream-stream} for an exchange carrying {@link #RESUME_FROM}
     *                            and returns it with the outcome of the resumed stream
     */
    public ReadUpstreamReply(JsonRpcReplyReader reader, ScheduledExecutorService timer,
                             BiConsumer<Exchange, JsonNode> refuseServerRequest, UnaryOperator<Exchange> resumeStream) {
        this.reader = reader;
        this.timer = timer;
        this.refuseServerRequest = refuseServerRequest;
        this.resumeStream = resumeStream;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        String responseSessionId = message.getHeader("Mcp-Session-Id", String.class);
        InputStream body = message.getBody(InputStream.class);
        message.removeHeaders("*");
        message.setBody(null);
        exchange.removeProperty(FAILURE);
        // the deadline covers the body too: keep-alives or a trickled body must not outlast it
        AtomicBoolean expired = new AtomicBoolean();
        long left = exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class) - System.nanoTime();
        ScheduledFuture<?> deadline = null;
        try {
            if (body != null) {
                deadline = timer.schedule(() -> {
                    expired.set(true);
                    abort(body);
                }, Math.max(0, left), TimeUnit.NANOSECONDS);
            }
            read(exchange, status, contentType, responseSessionId, body);
            if (body != null) {
                deadline.cancel(false);
                drain(body);
            }
        } catch (UpstreamFailures.ServerError e) {
            throw e;
        } catch (GatewayException | JsonRpcReplyReader.MalformedReplyException e) {
            if (expired.get()) {
                throw new JsonRpcReplyReader.ReplyTimeoutException();
            }
            exchange.setProperty(FAILURE, e);
        } catch (IOException e) {
            throw expired.get() ? new JsonRpcReplyReader.ReplyTimeoutException() : e;
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            abort(body);
        }
    }

    /**
     * A stream that ended before the response but gave event ids can be re-attached to (GET + Last-Event-ID), after
     * the server's retry delay, within the request's deadline, a bounded number of times.
     */
    private JsonRpcReply resume(Exchange exchange, JsonRpcReply cutOff) throws IOException {
        int resumptions = exchange.getProperty(RESUMPTIONS, 0, Integer.class);
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(cutOff.retryMillis() == null ? 0 : cutOff.retryMillis());
        long left = exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class) - System.nanoTime();
        if (cutOff.lastEventId() == null || resumptions >= MAX_RESUMPTIONS || left <= pauseNanos) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server closed the stream before answering");
        }
        try {
            TimeUnit.NANOSECONDS.sleep(pauseNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to resume");
        }
        exchange.setProperty(RESUME_FROM, cutOff.lastEventId());
        exchange.setProperty(RESUMPTIONS, resumptions + 1);
        Exchange resumed = resumeStream.apply(exchange);
        exchange.removeProperty(RESUME_FROM);
        // The request reached the server: whatever went wrong while resuming must never make it be sent again (no
        // retry, no re-initialization), so every failure but a timeout is a final 502.
        Exception failed = resumed.getException();
        if (failed instanceof java.io.InterruptedIOException timeout) {
            throw timeout;
        }
        JsonRpcReply reply = resumed.getProperty(GatewayExchange.UPSTREAM_REPLY, JsonRpcReply.class);
        if (failed != null || resumed.getProperty(FAILURE) != null || reply == null) {
            throw new GatewayException(ErrorType.UPSTREAM_ERROR, "The MCP server's stream was lost before it answered");
        }
        return reply;
    }

    /** After the breaker: a failure that did not count against the upstream still fails the request. */
    public static void raiseKeptFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.removeProperty(FAILURE) instanceof Exception e ? e : null;
        if (failure != null) {
            throw failure;
        }
    }

    private void read(Exchange exchange, int status, String contentType, String responseSessionId, InputStream body)
            throws IOException {
        {
            UpstreamSession upstream = UpstreamRequests.upstreamSession(exchange);
            // a resumed stream's 404 or 400 is a lost stream, not a forgotten session: the request may have been
            // processed
            boolean inSession = upstream != null && upstream.sessionId() != null
                    && !exchange.getProperties().containsKey(RESUME_FROM);
            if (inSession && (status == 404 || status == 400 && refusesTheSession(exchange, contentType, body))) {
                throw new UpstreamFailures.SessionExpired();
            }
            if (status >= 500) {
                throw new UpstreamFailures.ServerError(status);
            }
            exchange.removeProperty(GatewayExchange.UPSTREAM_REPLY);
            if (status == 202 && !exchange.getProperties().containsKey(GatewayExchange.UPSTREAM_REQUEST_ID)) {
                return; // a notification was accepted
            }
            if (status != 200 || body == null) {
                throw new UpstreamFailures.Refused(status);
            }
            JsonRpcReply reply = reader.read(contentType, body,
                    exchange.getProperty(GatewayExchange.UPSTREAM_REQUEST_ID, JsonNode.class),
                    exchange.getProperty(RESUME_FROM, String.class),
                    exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class),
                    serverRequest -> refuseServerRequest.accept(exchange, serverRequest));
            if (!reply.complete()) {
                reply = resume(exchange, reply);
            }
            exchange.setProperty(GatewayExchange.UPSTREAM_REPLY, reply);
            if (responseSessionId != null) {
                exchange.setProperty(GatewayExchange.UPSTREAM_RESPONSE_SESSION_ID, responseSessionId);
            }
        }
    }

    /**
     * Whether a 400 is the server's transport refusing the session rather than the request: the reference server and
     * servers built from the TypeScript SDK's examples answer an unknown session so (a JSON-RPC error -32000, "Bad
     * Request: No valid session ID provided") instead of with 404. Only a JSON-RPC error counts, with that code or a
     * message about the session; any other 400 (a bad request, a plain-text body) is a refusal of the request, so
     * that a request the server rejects for itself is not resent.
     */
    private boolean refusesTheSession(Exchange exchange, String contentType, InputStream body) throws IOException {
        if (body == null) {
            return false;
        }
        JsonRpcReply reply;
        try {
            reply = reader.read(contentType, body, exchange.getProperty(GatewayExchange.UPSTREAM_REQUEST_ID, JsonNode.class),
                    null, exchange.getProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, Long.class), serverRequest -> { });
        } catch (JsonRpcReplyReader.MalformedReplyException e) {
            return false;
        }
        if (!reply.isError()) {
            return false;
        }
        JsonNode error = reply.response().path("error");
        return error.path("code").asInt() == TRANSPORT_REFUSAL
                || error.path("message").asText().toLowerCase(java.util.Locale.ROOT).contains("session");
    }

    /**
     * Reads the rest of an answered stream to its end, within {@link #DRAIN_MILLIS} and {@link #DRAIN_MAX_BYTES}, so that
     * the connection is released for reuse (reaching the end releases it); past either bound it is dropped.
     */
    private void drain(InputStream body) {
        ScheduledFuture<?> cut = timer.schedule(() -> abort(body), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        try {
            byte[] buffer = new byte[4096];
            long left = DRAIN_MAX_BYTES;
            int read = 0;
            while (left > 0 && read != -1) {
                read = body.read(buffer);
                left -= read;
            }
        } catch (IOException e) {
            // cut off or broken: the connection is dropped either way
        } finally {
            cut.cancel(false);
        }
    }

    /** Drops the connection unless the stream already reached its end (then it is released for reuse). */
    private static void abort(InputStream body) {
        try {
            if (body instanceof EofSensorInputStream stream) {
                stream.abort();
            } else if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

}
