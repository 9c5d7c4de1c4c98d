package io.mcpgateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mcpgateway.testing.CredentialApiStub;
import io.mcpgateway.testing.GatewayTestSupport;
import io.mcpgateway.testing.TestTokens;
import io.mcpgateway.testing.hostile.RawHttp;
import io.mcpgateway.testing.hostile.RawResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients are cut off by the gateway itself, on both servers, with short timeouts for the test: a silent
 * connection after the idle timeout, one that trickles a request (slowloris) after the request-read timeout. A client
 * that waits silently for a tool call longer than the idle timeout still gets its answer.
 */
class SlowClientsIT extends GatewayTestSupport {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration REQUEST_READ = Duration.ofSeconds(3);
    /** How long a connection the gateway fails to close is watched before the test gives up on it. */
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(300);

    private final CredentialApiStub api = new CredentialApiStub();

    @Override
    protected Map<String, String> settings() {
        // the management server on a port of its own: with both on 0, Camel serves it on the gateway's server
        return Map.of("gateway.http.idle-timeout-seconds", String.valueOf(IDLE.toSeconds()),
                "gateway.http.request-read-timeout-seconds", String.valueOf(REQUEST_READ.toSeconds()),
                "camel.management.port", String.valueOf(freePort()));
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        assertThat(managementPort()).as("a server of its own").isNotEqualTo(gatewayPort());
        for (int port : List.of(gatewayPort(), managementPort())) {
            Duration open = silentUntilClosed(port);
            System.out.println("Silent connection to port " + port + " closed after " + open.toMillis() + " ms");

            assertThat(open).as("port " + port).isBetween(IDLE.dividedBy(2), IDLE.multipliedBy(10));
        }
    }

    @Test
    void aRequestThatTricklesInIsClosedAfterTheRequestReadTimeout() throws IOException {
        String slowHeader = "X-Slow: " + "a".repeat(100);
        String body = "{\"session_id\":\"slow\"}";
        List<Trickle> trickles = List.of(
                new Trickle("a head, gateway", gatewayPort(), "POST /init HTTP/1.1\r\nHost: gateway.test\r\n", slowHeader),
                new Trickle("a head, management", managementPort(), "GET /observe/health HTTP/1.1\r\n", slowHeader),
                new Trickle("a body", gatewayPort(), "POST /init HTTP/1.1\r\nHost: gateway.test\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n", body));
        for (Trickle trickle : trickles) {
            Duration open = trickleUntilClosed(trickle);
            System.out.println("Trickling " + trickle.label() + " closed after " + open.toMillis() + " ms");

            // longer than the idle timeout (each byte arrives well within it), bounded by the request-read timeout
            assertThat(open).as(trickle.label()).isBetween(REQUEST_READ.minus(IDLE), REQUEST_READ.multipliedBy(10));
        }
    }

    /** What is sent at once, then what is sent a byte at a time. */
    private record Trickle(String label, int port, String atOnce, String slowly) {
    }

    @Test
    void aToolCallLongerThanTheIdleTimeoutIsAnsweredOnItsConnection() throws IOException {
        String token = TestTokens.jwt("slow-user");
        api.accepts(token);
        assertThat(postInit("slow", api.apiUrl(""), token).statusCode()).isEqualTo(200);
        String body = "{\"session_id\":\"slow\",\"name\":\"slow\",\"arguments\":{\"steps\":10}}";
        String call = "POST /tools/call HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;

        long started = System.nanoTime();
        // kept alive: after the answer, the connection idles and is closed by the idle timeout
        List<RawResponse> answers = RawHttp.conversation(gatewayPort(), call.getBytes(StandardCharsets.UTF_8), GIVE_UP);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the call outlasts the idle timeout")
                .isGreaterThan(IDLE.multipliedBy(2));
        assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyText()).contains("done after 10 steps");
        });
    }

    /** Connects and stays silent; how long the gateway kept the connection open. */
    private static Duration silentUntilClosed(int port) throws IOException {
        try (Socket socket = connect(port)) {
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    /** Writes part of a request at once and the rest a byte at a time; how long the gateway kept the connection open. */
    private static Duration trickleUntilClosed(Trickle trickle) throws IOException {
        try (Socket socket = connect(trickle.port())) {
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(trickle.atOnce().getBytes(StandardCharsets.UTF_8));
            socket.setSoTimeout((int) TRICKLE_PAUSE.toMillis());
            for (byte b : trickle.slowly().getBytes(StandardCharsets.UTF_8)) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException closedWhileWriting) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                try {
                    if (in.read() == -1) {
                        return Duration.ofNanos(System.nanoTime() - started);
                    }
                    throw new AssertionError(trickle.label() + ": an answer to a request that never finished arriving");
                } catch (SocketTimeoutException stillOpen) {
                    // the pause between two bytes
                }
            }
            throw new AssertionError(trickle.label() + ": still open after all of it trickled in");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) GIVE_UP.toMillis());
        return socket;
    }
}
