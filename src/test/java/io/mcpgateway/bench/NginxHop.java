package io.mcpgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.mcpgateway.testing.GatewayTestSupport;

/**
 * The nginx hop line: nginx (Debian's {@code nginx-light}) on loopback with a generated configuration, plain HTTP in,
 * {@code proxy_pass} to the TLS upstream with a keep-alive pool out. It shows what a plain reverse proxy costs on the
 * same upstream, beside the gateway. Absent nginx, the line is skipped ({@link #find()} is empty).
 */
final class NginxHop implements AutoCloseable {

    static final String INSTALL_HINT = "apt-get install nginx-light";
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final int port = GatewayTestSupport.freePort();
    private final Process process;

    private NginxHop(Path nginx, Path directory, URI upstream, int keepalive) throws Exception {
        Path prefix = Files.createDirectories(directory.toAbsolutePath().resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        String config = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream mcp { server 127.0.0.1:%3$d; keepalive %4$d; }
                    server {
                        listen 127.0.0.1:%2$d;
                        keepalive_requests 1000000;
                        location / {
                            proxy_pass https://mcp;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_ssl_session_reuse on;
                            proxy_ssl_server_name off;
                        }
                    }
                }
                """.formatted(prefix, port, upstream.getPort(), keepalive);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, config);
        process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        for (int i = 0; i < 100 && !listening(); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + prefix.resolve("logs"));
            }
            Thread.sleep(50);
        }
    }

    /** nginx on the PATH or in /usr/sbin, if installed. */
    static Optional<Path> find() {
        Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream()).map(dir -> Path.of(dir, "nginx"))
                .filter(Files::isExecutable).findFirst();
        return onPath.or(() -> CANDIDATES.stream().filter(Files::isExecutable).findFirst());
    }

    /** Starts nginx in front of {@code upstream}, with an upstream keep-alive pool of {@code keepalive} connections. */
    static NginxHop start(Path nginx, Path directory, URI upstream, int keepalive) throws Exception {
        return new NginxHop(nginx, directory, upstream, keepalive);
    }

    /** The upstream's URL as seen through nginx (same path, plain HTTP on loopback). */
    URI url(URI upstream) {
        return URI.create("http://127.0.0.1:" + port + upstream.getRawPath());
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
