package io.mcpgateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that trickles its HTTP answer one byte at a time, each byte well within a socket read timeout:
 * only a limit on the whole exchange can stop a client waiting for it.
 */
public final class TricklingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    private TricklingServer(String sentAtOnce, String trickled, long millisPerByte) throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    OutputStream out = client.getOutputStream();
                    out.write(sentAtOnce.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (byte b : trickled.getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(millisPerByte);
                    }
                } catch (IOException e) {
                    // client gave up or server closed: next connection
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trickling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The status line and headers arrive a byte at a time and never end. */
    public static TricklingServer slowHead(long millisPerByte) throws IOException {
        return new TricklingServer("", "HTTP/1.1 200 OK\r\nX-Slow: " + "a".repeat(1_000), millisPerByte);
    }

    /** A complete 200 head at once, then a long body a byte at a time. */
    public static TricklingServer slowBody(long millisPerByte) throws IOException {
        String body = "x".repeat(1_000);
        return new TricklingServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n", body, millisPerByte);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
