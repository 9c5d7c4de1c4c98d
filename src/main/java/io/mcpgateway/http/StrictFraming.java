package io.mcpgateway.http;

import java.util.List;

import io.mcpgateway.error.ErrorCatalog;
import io.mcpgateway.error.ErrorType;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Refuses a request whose body framing two parsers could read differently (RFC 9112 §6.1, §6.3): a
 * {@code Transfer-Encoding} together with a {@code Content-Length}, or a {@code Transfer-Encoding} other than exactly
 * one {@code chunked}. It is answered 400 and its connection closed, so that nothing behind it on that connection (a
 * smuggled request) is ever read.
 * <p>
 * This has to happen inside the HTTP/1.1 decoder. Netty's decoder drops the {@code Content-Length} of a chunked request
 * before anyone else sees the request, and reads a request whose {@code Transfer-Encoding} it does not know as one
 * without a body, so that its body becomes the next request. The decoder below checks the headers as they were
 * received; refusing there puts the decoder in its failed state, in which it discards every further byte.
 */
public final class StrictFraming {

    private static final ErrorCatalog.Answer AMBIGUOUS =
            new ErrorCatalog.Answer(ErrorType.VALIDATION_ERROR, "Ambiguous message framing");

    private StrictFraming() {
    }

    /** Replaces Vert.x's decoder in a new connection's pipeline by the strict one, with the same server options. */
    public static void install(ChannelPipeline pipeline, HttpServerOptions options) {
        pipeline.replace(ClientTimeouts.DECODER, ClientTimeouts.DECODER, new Decoder(options));
    }

    /**
     * The server's answer to a request its decoder refused: the catalog's 400 for ambiguous framing, else what Vert.x
     * answers by itself.
     */
    public static Handler<HttpServerRequest> invalidRequestAnswer() {
        return request -> {
            if (request.decoderResult().cause() instanceof AmbiguousFraming) {
                request.response().putHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                RouterErrorAnswers.answer(request.response(), AMBIGUOUS)
                        .onComplete(written -> request.connection().close());
            } else {
                HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
            }
        };
    }

    /** Whether a request's framing headers, as received, leave no doubt where its body ends. */
    static boolean unambiguous(HttpHeaders headers) {
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        return codings.isEmpty()
                || codings.size() == 1 && codings.get(0).equals("chunked") && !headers.contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    static final class AmbiguousFraming extends RuntimeException {
        AmbiguousFraming() {
            super("ambiguous message framing", null, false, false);
        }
    }

    private static final class Decoder extends VertxHttpRequestDecoder {
        Decoder(HttpServerOptions options) {
            super(options);
        }

        /** Netty's hook after the headers are read and before it decides on the framing. */
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            if (!unambiguous(message.headers())) {
                throw new AmbiguousFraming();
            }
            return super.isContentAlwaysEmpty(message);
        }
    }
}
