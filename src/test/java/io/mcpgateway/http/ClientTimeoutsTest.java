package io.mcpgateway.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The clocks on one connection, on Netty's embedded channel with the HTTP/1.1 codec and a clock the test moves. */
class ClientTimeoutsTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration REQUEST_READ = Duration.ofSeconds(10);
    private static final String REQUEST = "POST /tools/call HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 2\r\n\r\n{}";

    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(ClientTimeouts.DECODER, new HttpRequestDecoder())
                .addLast(ClientTimeouts.ENCODER, new HttpResponseEncoder());
        new ClientTimeouts(IDLE, REQUEST_READ).install(channel.pipeline());
        channel.runPendingTasks();
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aSilentConnectionIsClosedAtTheIdleTimeout() {
        assertClosedAfterIdling();
    }

    @Test
    void aRequestThatTricklesInIsClosedAtTheRequestReadTimeoutThoughNeverIdle() {
        for (int i = 0; i < 3; i++) {
            send("P");
            pass(Duration.ofSeconds(3));
        }
        assertThat(channel.isOpen()).isTrue();
        send("O");
        pass(Duration.ofSeconds(2));
        assertThat(channel.isOpen()).as("11 s after its first byte").isFalse();
    }

    @Test
    void noClockRunsWhileTheGatewayWorksOnARequestAndTheIdleClockStartsAfterTheAnswer() {
        send(REQUEST);
        pass(Duration.ofMinutes(5));
        assertThat(channel.isOpen()).isTrue();

        answer(HttpResponseStatus.OK);
        assertClosedAfterIdling();
    }

    @Test
    void aHundredContinueIsNoAnswer() {
        send("POST /tools/call HTTP/1.1\r\nHost: gateway.test\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        answer(HttpResponseStatus.CONTINUE);
        send("{}");
        pass(Duration.ofMinutes(5));
        assertThat(channel.isOpen()).as("the request is still being worked on").isTrue();
    }

    @Test
    void pipelinedRequestsAreAllAnsweredBeforeTheConnectionCountsAsIdle() {
        send(REQUEST + REQUEST);
        answer(HttpResponseStatus.OK);
        pass(Duration.ofMinutes(5));
        assertThat(channel.isOpen()).as("the second request is still being worked on").isTrue();

        answer(HttpResponseStatus.OK);
        assertClosedAfterIdling();
    }

    /** Open a second before the idle timeout, closed a second after it. */
    private void assertClosedAfterIdling() {
        pass(IDLE.minusSeconds(1));
        assertThat(channel.isOpen()).isTrue();
        pass(Duration.ofSeconds(2));
        assertThat(channel.isOpen()).isFalse();
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        releaseInbound();
    }

    private void answer(HttpResponseStatus status) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
        for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            ReferenceCountUtil.release(written);
        }
    }

    private void pass(Duration time) {
        channel.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private void releaseInbound() {
        for (Object read = channel.readInbound(); read != null; read = channel.readInbound()) {
            ReferenceCountUtil.release(read);
        }
    }
}
