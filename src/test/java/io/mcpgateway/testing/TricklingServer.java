package io.mcpgateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that answers every connection with an HTTP response head sent one byte at a time, each byte well
 * within a socket read timeout: only a limit on the whole exchange can stop a client waiting for it.
 */
public final class TricklingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    public TricklingServer(long millisPerByte) throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    OutputStream out = client.getOutputStream();
                    for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(millisPerByte);
                    }
                    for (int i = 0; i < 1_000 && !socket.isClosed(); i++) {
                        out.write('a');
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

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
