package io.mcpgateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server for the tests, as its own process: the machine's {@code redis-server} when one is on the PATH,
 * else the binary embedded-redis ships (Redis 6.2). It listens on 127.0.0.1 only, on a random free port, with a
 * random password, written to a configuration file of its own (never on the command line, where {@code ps} shows
 * it). Persistence is off unless asked for ({@link #withPersistence}: append-only file in its temporary directory).
 * It can be stopped (SIGTERM: a clean shutdown that flushes the append-only file), killed (SIGKILL), and started again
 * on the same port with the same data. With {@link #withTls} it also listens for TLS on a second port.
 */
public final class RedisTestServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    private static Path binary;
    private static RedisTestServer shared;

    /** The certificate and key a TLS port presents, and the CA that issued it. */
    public record Tls(Path certificate, Path key, Path ca) {
    }

    private final boolean persistent;
    private final Tls tls;
    private final String password = HexFormat.of().formatHex(randomBytes(24));
    private final Path dir;
    private int port;
    private int tlsPort;
    private Process process;

    private RedisTestServer(boolean persistent, Tls tls) {
        this.persistent = persistent;
        this.tls = tls;
        try {
            this.dir = Files.createTempDirectory("redis-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One Redis without persistence for every test class of this JVM that only reads and writes (under keys of its
     * own); never stopped by a test, ended with the JVM. A test that stops, pauses or restarts Redis starts its own.
     */
    public static synchronized RedisTestServer shared() {
        if (shared == null) {
            RedisTestServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            shared = server;
        }
        return shared;
    }

    /** A Redis without persistence, started. */
    public static RedisTestServer start() {
        return new RedisTestServer(false, null).startOnFreePorts();
    }

    /** A Redis that keeps its data across {@link #stop}/{@link #kill} and {@link #restart} (append-only file). */
    public static RedisTestServer withPersistence() {
        return new RedisTestServer(true, null).startOnFreePorts();
    }

    /** A Redis with a TLS port beside its plain one (the plain one for the tests' own admin connections). */
    public static RedisTestServer withTls(Tls tls) {
        return new RedisTestServer(false, tls).startOnFreePorts();
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public String password() {
        return password;
    }

    /** {@code redis://:<password>@127.0.0.1:<port>/0} */
    public String url() {
        return "redis://:" + password + "@127.0.0.1:" + port + "/0";
    }

    /** The TLS port under the given host name (which the certificate must name for the client to accept it). */
    public String tlsUrl(String host) {
        return "rediss://:" + password + "@" + host + ":" + tlsPort + "/0";
    }

    /** A new, authenticated connection of the test's own (close it). */
    public Jedis admin() {
        Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().password(password).timeoutMillis(5_000).build());
        jedis.ping();
        return jedis;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM: Redis shuts down cleanly (and flushes its append-only file when it has one). */
    public void stop() {
        end(false);
    }

    /** SIGKILL: Redis dies at once, as in a crash. */
    public void kill() {
        end(true);
    }

    /** Starts again on the same port (and data directory) after {@link #stop} or {@link #kill}. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("still running");
        }
        launch();
        awaitReady();
    }

    @Override
    public void close() {
        if (isRunning()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    /** What the server wrote to its log, for a failed test's message. */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    private RedisTestServer startOnFreePorts() {
        // a port found free can be taken before Redis binds it: a few tries with new ports
        for (int attempt = 1; ; attempt++) {
            port = GatewayTestSupport.freePort();
            tlsPort = tls == null ? 0 : GatewayTestSupport.freePort();
            launch();
            try {
                awaitReady();
                return this;
            } catch (IllegalStateException e) {
                if (isRunning()) {
                    kill();
                }
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void launch() {
        try {
            Path config = dir.resolve("redis.conf");
            Files.writeString(config, configuration(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(binary().toString(), config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
            process = builder.start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String configuration() {
        List<String> lines = new ArrayList<>(List.of(
                "bind 127.0.0.1",
                "port " + port,
                "requirepass " + password,
                "dir " + dir,
                "save \"\"",
                "appendonly " + (persistent ? "yes" : "no"),
                "appendfsync always",
                "daemonize no"));
        if (tls != null) {
            lines.addAll(List.of("tls-port " + tlsPort, "tls-cert-file " + tls.certificate(), "tls-key-file " + tls.key(),
                    "tls-ca-cert-file " + tls.ca(), "tls-auth-clients no"));
        }
        return String.join("\n", lines) + "\n";
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            try (Jedis jedis = admin()) {
                return;
            } catch (JedisException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within " + READY_WITHIN + ": " + log());
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The machine's redis-server when it has one on the PATH, else embedded-redis's, extracted once per JVM. */
    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
            binary = Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, "redis-server"))
                    .filter(Files::isExecutable).findFirst().orElse(null);
            if (binary == null) {
                binary = ExecutableProvider.newJarResourceProvider().get().toPath();
            }
        }
        return binary;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
