package io.mcpgateway.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts slow clients off at the gateway itself, per HTTP/1.1 connection: a connection with no request in progress (before
 * its first request, or after an answer) is closed after the idle timeout; a request whose head and body have not fully
 * arrived within the request-read timeout of its first byte is closed too (slowloris). While the gateway works on a
 * request (the client waits silently for a long tool call) neither runs. Vert.x's own idle timeout cannot do this: it
 * closes a connection on which nothing was read or written for its duration, whether or not an answer is still to come.
 */
public record ClientTimeouts(Duration idle, Duration requestRead) {

    private static final Logger LOG = LoggerFactory.getLogger(ClientTimeouts.class);

    /** Vert.x's names for its HTTP/1.1 codec in each connection's pipeline. */
    static final String DECODER = "httpDecoder";
    static final String ENCODER = "httpEncoder";

    /**
     * Puts the clock into a new connection's pipeline: one handler ahead of the codec sees a request's first byte, one
     * behind it sees where requests and answers end.
     */
    public void install(ChannelPipeline pipeline) {
        Clock clock = new Clock(pipeline.channel());
        pipeline.addFirst("gatewayRequestArrivals", clock.arrivals());
        pipeline.addAfter(ENCODER, "gatewayRequestTimeouts", clock.messages());
        pipeline.channel().eventLoop().execute(clock::connected);
    }

    /** One connection's state; touched only on its event loop. */
    private final class Clock {
        private final Channel channel;
        private boolean reading;
        private long requests;
        private long answers;
        private ScheduledFuture<?> timer;

        Clock(Channel channel) {
            this.channel = channel;
        }

        void connected() {
            arm(idle, "idle");
        }

        void bytesArrived() {
            if (!reading) {
                startReading();
            }
        }

        /** A request's head; it may have come in the same read as the end of the one before it (pipelining). */
        void requestHead() {
            requests++;
            if (!reading) {
                startReading();
            }
        }

        void requestEnd() {
            reading = false;
            cancel();
            idleIfNothingPending();
        }

        void answered() {
            answers++;
            if (!reading) {
                cancel();
                idleIfNothingPending();
            }
        }

        void closed() {
            cancel();
        }

        private void startReading() {
            reading = true;
            cancel();
            arm(requestRead, "request-read");
        }

        /** Idle only once every request read has been answered: a request being worked on is never timed out here. */
        private void idleIfNothingPending() {
            if (answers >= requests) {
                arm(idle, "idle");
            }
        }

        private void arm(Duration after, String which) {
            timer = channel.eventLoop().schedule(() -> {
                LOG.debug("Closing a client connection: {} timeout of {} ms", which, after.toMillis());
                channel.close();
            }, after.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        ChannelInboundHandlerAdapter arrivals() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                        bytesArrived();
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    closed();
                    ctx.fireChannelInactive();
                }
            };
        }

        ChannelDuplexHandler messages() {
            return new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpRequest) {
                        requestHead();
                    }
                    if (msg instanceof LastHttpContent) {
                        requestEnd();
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    // an interim answer (100 Continue) is no answer: the request goes on
                    boolean interim = msg instanceof HttpResponse response
                            && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                    if (msg instanceof LastHttpContent && !interim) {
                        answered();
                    }
                    ctx.write(msg, promise);
                }
            };
        }
    }
}
