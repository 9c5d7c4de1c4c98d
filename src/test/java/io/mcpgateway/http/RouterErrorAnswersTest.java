package io.mcpgateway.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.mcpgateway.testing.CapturedLogs;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.hostile.RawHttp;
import io.mcpgateway.testing.hostile.RawResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the HTTP server refuses before any route runs is answered from the catalog too, never with a 500. */
class RouterErrorAnswersTest extends GatewayTestSupport {

    private RawResponse send(String requestHead) throws Exception {
        byte[] request = (requestHead + "\r\nHost: gateway.test\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return RawHttp.exchange(gatewayPort(), request, Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void aRequestTargetThatIsNoPathIsNotFound() throws Exception {
        for (String line : new String[] {"OPTIONS * HTTP/1.1", "CONNECT 127.0.0.1:80 HTTP/1.1", "POST init HTTP/1.1"}) {
            RawResponse answer = send(line);

            assertThat(answer.status()).as(line).isEqualTo(404);
            assertThat(answer.bodyText()).as(line).startsWith("{\"status\":\"error\",\"error_type\":\"NOT_FOUND\"");
        }
    }

    @Test
    void aPathThatCannotBeDecodedIsAMalformedRequest() throws Exception {
        int logStart = CapturedLogs.text().length();

        RawResponse answer = send("DELETE /sessions/%zz HTTP/1.1");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.bodyText()).startsWith("{\"status\":\"error\",\"error_type\":\"VALIDATION_ERROR\"");
        assertThat(CapturedLogs.text().substring(logStart)).doesNotContain("Unhandled exception");
    }

    @Test
    void anExpectationTheServerCannotMeetIsAMalformedRequest() throws Exception {
        RawResponse answer = send("POST /init HTTP/1.1\r\nExpect: teapot\r\nContent-Length: 0");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.bodyText()).startsWith("{\"status\":\"error\",\"error_type\":\"VALIDATION_ERROR\"");
    }
}
