package io.mcpgateway.upstream;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.node.IntNode;
import io.mcpgateway.http.GatewayExchange;
import io.mcpgateway.upstream.jsonrpc.JsonRpcReplyReader;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which upstream answers mean "the server forgot the session" (open a new one and send the request again) and which
 * are a refusal of the request itself. Servers built from the TypeScript SDK's examples, the reference server among
 * them, answer an unknown session with 400 and a JSON-RPC error -32000 instead of the specification's 404.
 */
class ReadUpstreamReplyTest {

    private static final String NO_VALID_SESSION =
            "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Bad Request: No valid session ID provided\"},\"id\":7}";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ReadUpstreamReply read = new ReadUpstreamReply(
            new JsonRpcReplyReader(new JsonRpcReplyReader.Limits(64 * 1024, 16 * 1024, 32 * 1024, 10, 2)), timer,
            (exchange, request) -> { }, exchange -> exchange);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** An answer to request 7, sent in the upstream session {@code upstreamSessionId} (null: no session). */
    private static Exchange answer(String upstreamSessionId, int status, String contentType, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(GatewayExchange.UPSTREAM_SESSION, new UpstreamSession(upstreamSessionId, "2025-06-18"));
        exchange.setProperty(GatewayExchange.UPSTREAM_REQUEST_ID, IntNode.valueOf(7));
        exchange.setProperty(GatewayExchange.UPSTREAM_DEADLINE_NANOS, System.nanoTime() + 10_000_000_000L);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return exchange;
    }

    private static Exchange sessionAnswer(int status, String body) {
        return answer("s-1", status, "application/json", body);
    }

    /**
     * The failure the request ends with once the breaker is passed: none of these counts against the upstream, so
     * reading the answer keeps it rather than throwing it (see ReadUpstreamReply).
     */
    private Exception failureOf(Exchange answer) throws Exception {
        read.process(answer);
        try {
            ReadUpstreamReply.raiseKeptFailure(answer);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void theReferenceServers400ForAnUnknownSessionMeansTheSessionIsGone() throws Exception {
        assertThat(failureOf(sessionAnswer(400, NO_VALID_SESSION))).isInstanceOf(UpstreamFailures.SessionExpired.class);
    }

    @Test
    void a400WhoseJsonRpcErrorIsAboutTheSessionMeansTheSessionIsGoneWhateverItsCode() throws Exception {
        assertThat(failureOf(sessionAnswer(400,
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Unknown SESSION\"},\"id\":null}")))
                .isInstanceOf(UpstreamFailures.SessionExpired.class);
    }

    @Test
    void a404ForASessionStillMeansTheSessionIsGone() throws Exception {
        assertThat(failureOf(sessionAnswer(404, ""))).isInstanceOf(UpstreamFailures.SessionExpired.class);
    }

    @Test
    void aGenuineBadRequestIsARefusalNotALostSession() throws Exception {
        assertThat(failureOf(sessionAnswer(400,
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\"},\"id\":7}")))
                .isInstanceOf(UpstreamFailures.Refused.class);
        for (String notJsonRpc : new String[] {"", "Bad Request: No valid session ID provided", "{\"error\":\"session\"}",
                "{\"jsonrpc\":\"2.0\",\"result\":{},\"id\":7}"}) {
            assertThat(failureOf(sessionAnswer(400, notJsonRpc))).as(notJsonRpc)
                    .isInstanceOf(UpstreamFailures.Refused.class);
        }
    }

    @Test
    void a400ToARequestWithoutAnUpstreamSessionIsARefusal() throws Exception {
        assertThat(failureOf(answer(null, 400, "application/json", NO_VALID_SESSION)))
                .isInstanceOf(UpstreamFailures.Refused.class);
    }

    @Test
    void a400ToAResumedStreamIsALostStreamNotALostSession() throws Exception {
        Exchange resumed = sessionAnswer(400, NO_VALID_SESSION);
        resumed.setProperty(ReadUpstreamReply.RESUME_FROM, "e1");

        assertThat(failureOf(resumed)).isInstanceOf(UpstreamFailures.Refused.class);
    }
}
