package io.mcpgateway.testing.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a request byte for byte as given, on a connection of its own, and reads one answer: for what java.net.http
 * refuses to send (CR or LF in a header value, broken framing, a malformed request line). The request is written
 * while the answer is read, as a real client does, so a server that answers before reading an oversized body is still
 * heard; past the timeout the connection is closed and the exchange fails.
 */
public final class RawHttp {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(daemon("raw-http-writer"));
    private static final ScheduledExecutorService DEADLINES =
            Executors.newSingleThreadScheduledExecutor(daemon("raw-http-deadline"));

    private RawHttp() {
    }

    /** The answer, or empty when the server closed the connection without one. */
    public static Optional<RawResponse> exchange(int port, byte[] request, Duration timeout) throws IOException {
        return talk(port, request, timeout, in -> read(in, startsWith(request, "HEAD ")));
    }

    /**
     * Every answer the server gives to these bytes (several requests, say) until it closes the connection; a
     * {@link SocketTimeoutException} when it has not closed it within the timeout.
     */
    public static List<RawResponse> conversation(int port, byte[] requests, Duration timeout) throws IOException {
        return talk(port, requests, timeout, in -> {
            List<RawResponse> answers = new ArrayList<>();
            for (Optional<RawResponse> answer = read(in, false); answer.isPresent(); answer = read(in, false)) {
                answers.add(answer.get());
            }
            return answers;
        });
    }

    private interface Listener<T> {
        T listen(InputStream in) throws IOException;
    }

    private static <T> T talk(int port, byte[] request, Duration timeout, Listener<T> listener) throws IOException {
        try (Socket socket = new Socket()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                timedOut.set(true);
                closeQuietly(socket);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
                WRITERS.execute(() -> {
                    try {
                        socket.getOutputStream().write(request);
                    } catch (IOException e) {
                        // the server may answer and close before all of an oversized body is sent
                    }
                });
                return listener.listen(new BufferedInputStream(socket.getInputStream()));
            } catch (IOException e) {
                if (timedOut.get()) {
                    throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static Optional<RawResponse> read(InputStream in, boolean head) throws IOException {
        while (true) {
            String statusLine = readLine(in, true);
            if (statusLine == null) {
                return Optional.empty();
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            List<Map.Entry<String, String>> headers = readHeaders(in);
            if (status >= 100 && status < 200) {
                continue; // 100 Continue: the answer follows
            }
            boolean bodyless = head || status == 204 || status == 304;
            return Optional.of(new RawResponse(status, headers, bodyless ? new byte[0] : readBody(in, headers)));
        }
    }

    private static List<Map.Entry<String, String>> readHeaders(InputStream in) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            headers.add(new AbstractMap.SimpleEntry<>(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, List<Map.Entry<String, String>> headers) throws IOException {
        RawResponse framing = new RawResponse(0, headers, new byte[0]);
        if (framing.header("Transfer-Encoding").map(te -> te.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                readLine(in, false);
            }
            readHeaders(in); // the trailers
            return body.toByteArray();
        }
        Optional<String> length = framing.header("Content-Length");
        if (length.isPresent()) {
            byte[] body = in.readNBytes(Integer.parseInt(length.get()));
            if (body.length < Integer.parseInt(length.get())) {
                throw new EOFException("body shorter than its Content-Length");
            }
            return body;
        }
        return in.readAllBytes();
    }

    private static int chunkSize(InputStream in) throws IOException {
        return Integer.parseInt(readLine(in, false).split(";", 2)[0].trim(), 16);
    }

    /** A line without its CRLF; null at the end of the stream when {@code endAllowed}, which it is only before an answer. */
    private static String readLine(InputStream in, boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of an answer");
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("answer head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return new String(bytes, 0, Math.min(bytes.length, prefix.length()), StandardCharsets.ISO_8859_1).equals(prefix);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is the point; nothing to add
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
