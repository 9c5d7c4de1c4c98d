package io.mcpgateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.mcpgateway.testing.McpTestServer;
import io.mcpgateway.testing.RedisTestServer;
import io.mcpgateway.testing.ReferenceMcpServer;
import io.mcpgateway.testing.TestTokens;
import org.HdrHistogram.Histogram;

/**
 * The benchmark and soak tool (docs/performance.md): {@code mvn -B -q -Pbenchmark -DskipTests verify}. Everything runs
 * on loopback and stops by itself. Options are system properties, set on the Maven command line:
 * {@code -Dbench.mode=benchmark|soak}, {@code -Dbench.sessions=64}, {@code -Dbench.duration=30} (seconds of each
 * measured phase), {@code -Dbench.warmup=15}, {@code -Dbench.memory=10000,100000} (idle sessions; empty to skip),
 * {@code -Dbench.startups=3}, {@code -Dbench.legacy=true}, {@code -Dbench.profile=20} (seconds; 0 to skip),
 * {@code -Dbench.soak=180} (seconds), {@code -Dbench.ttl=10} (soak session idle TTL), {@code -Dbench.out=target/benchmark};
 * run directly with {@code java}, also {@code -Dbench.jar=...} (another build) and {@code -Dbench.env.NAME=value} (a
 * setting of the gateway process).
 */
public final class Benchmark {

    /** The run's options. */
    record Options(String mode, int sessions, Duration duration, Duration warmup, List<Integer> memorySessions,
                   int startups, boolean legacy, Duration profile, Duration soak, Duration soakTtl, Path out) {

        static Options fromSystemProperties() {
            String memory = System.getProperty("bench.memory", "10000,100000").strip();
            return new Options(System.getProperty("bench.mode", "benchmark"),
                    Integer.getInteger("bench.sessions", 64),
                    Duration.ofSeconds(Integer.getInteger("bench.duration", 30)),
                    Duration.ofSeconds(Integer.getInteger("bench.warmup", 15)),
                    memory.isEmpty() ? List.of() : Arrays.stream(memory.split(",")).map(String::strip).map(Integer::valueOf).toList(),
                    Integer.getInteger("bench.startups", 3),
                    Boolean.parseBoolean(System.getProperty("bench.legacy", "true")),
                    Duration.ofSeconds(Integer.getInteger("bench.profile", 20)),
                    Duration.ofSeconds(Integer.getInteger("bench.soak", 180)),
                    Duration.ofSeconds(Integer.getInteger("bench.ttl", 10)),
                    Path.of(System.getProperty("bench.out", "target/benchmark")));
        }
    }

    /** What the tool prints, also written to {@code <out>/results.md}. */
    private final StringBuilder results = new StringBuilder();
    private final Options options;
    private final BenchEnvironment env;

    private Benchmark(Options options, BenchEnvironment env) {
        this.options = options;
        this.env = env;
    }

    public static void main(String[] args) throws Exception {
        // the test classpath's logback-test.xml keeps every line in memory; the harness's servers need only warnings
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        // exits rather than returns: the HTTP clients' and Jetty's threads would otherwise outlive the run
        System.exit(run(Options.fromSystemProperties()));
    }

    /** Runs the benchmark or the soak; 0 when it ran (and, for a soak, ended flat), 1 otherwise. */
    static int run(Options options) throws Exception {
        int status = 0;
        try (BenchEnvironment env = new BenchEnvironment(options.out(), 2 * options.sessions())) {
            Benchmark benchmark = new Benchmark(options, env);
            benchmark.header();
            if (options.mode().equals("soak")) {
                status = new Soak(options, env, benchmark::say).run() ? 0 : 1;
            } else {
                benchmark.run();
            }
            benchmark.footer();
        }
        return status;
    }

    /** Prints a line and keeps it for results.md. */
    void say(String line) {
        System.out.println(line);
        System.out.flush();
        results.append(line).append('\n');
    }

    private void header() throws Exception {
        say("# mcp-gateway " + options.mode() + ", " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        say("");
        say("Machine: " + Machine.describe());
        say("Load average at the start (1, 5, 15 min): " + Machine.loadAverage());
        say("Options: " + options);
        say("");
    }

    private void footer() throws Exception {
        say("");
        say("Load average at the end (1, 5, 15 min): " + Machine.loadAverage());
        Files.writeString(options.out().resolve(options.mode().equals("soak") ? "soak.md" : "results.md"), results);
        System.out.println("Written to " + options.out().toAbsolutePath());
    }

    /** Opens the benchmark's sessions on a gateway, one user each; their tokens, by session. */
    private String[] openSessions(GatewayProcess gateway, String user) throws IOException {
        String[] tokens = new String[options.sessions()];
        for (int s = 0; s < tokens.length; s++) {
            tokens[s] = TestTokens.jwt(user + "-" + s);
            env.clients.init(gateway.url(""), sessionId(s), env.credentialApi.apiUrl(), tokens[s]);
        }
        return tokens;
    }

    private static String sessionId(int session) {
        return "bench-" + session;
    }

    private void run() throws Exception {
        Figures figures = new Figures(options.sessions());
        if (options.startups() > 0) {
            startUp(figures);
        }
        int sessions = options.sessions();
        try (GatewayProcess gateway = GatewayProcess.start(env.gatewayEnvironment(env.upstream.url(), sessions));
             Load load = new Load(sessions)) {
            String apiUrl = env.credentialApi.apiUrl();
            String[] tokens = openSessions(gateway, "bench-user");
            Load.Call direct = s -> {
                env.clients.callDirect("hello from session " + s);
                return true;
            };
            Load.Call throughGateway = s -> {
                env.clients.callThroughGateway(gateway.url(""), sessionId(s), tokens[s], "hello from session " + s);
                return true;
            };
            load.closedLoop(options.warmup(), direct);
            fromStart(load, throughGateway);
            compareRequests(load, direct, throughGateway);
            saturated(gateway, load, direct, throughGateway, figures);
            nginxHop(load);
            wrk(gateway, tokens);
            paced(load, direct, throughGateway, figures);
            wrk2(gateway, tokens, figures);
            reusedInit(gateway, apiUrl, tokens[0], figures);
            if (!options.profile().isZero()) {
                profile(gateway, load, throughGateway);
            }
            if (!options.memorySessions().isEmpty()) {
                memory(gateway, load, apiUrl, figures);
            }
            say("Gateway log (operator lines and audit stream): " + gateway.stdoutFile());
            say("");
        }
        wrk2Fresh(figures);
        if (Boolean.parseBoolean(System.getProperty("bench.redis", "true"))) {
            sharedState(figures);
        }
        if (options.legacy()) {
            legacy();
            referenceServer();
        }
        figures.report(this);
    }

    /**
     * Process start to readiness, as shipped ({@code java -jar}) and with an application class-data archive (AppCDS,
     * made by a training run of the same jar), the JDK 17 way to skip most class loading work at start.
     */
    private void startUp(Figures figures) throws Exception {
        List<Duration> plain = startUps(Map.of());
        Path archive = options.out().resolve("gateway-cds.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        Map<String, String> training = env.gatewayEnvironment(env.upstream.url(), options.sessions());
        training.put("JAVA_TOOL_OPTIONS", "-XX:ArchiveClassesAtExit=" + archive);
        try (GatewayProcess gateway = GatewayProcess.start(training)) {
            String token = TestTokens.jwt("training");
            env.clients.init(gateway.url(""), "training", env.credentialApi.apiUrl(), token);
            env.clients.callThroughGateway(gateway.url(""), "training", token, "training");
        }
        List<Duration> withArchive = startUps(Map.of("JAVA_TOOL_OPTIONS", "-XX:SharedArchiveFile=" + archive));
        figures.startUp = median(plain);
        figures.startUpWithArchive = median(withArchive);
        say("## Start-up to ready");
        say("");
        say("Process start to the first 200 of /observe/health/ready, " + options.startups() + " launches each:");
        say("");
        say("- `java -jar mcp-gateway.jar`: " + plain.stream().map(d -> d.toMillis() + " ms").toList());
        say("- with `-XX:SharedArchiveFile` (AppCDS archive of " + Files.size(archive) / 1048576 + " MiB from a training run): "
                + withArchive.stream().map(d -> d.toMillis() + " ms").toList());
        say("");
    }

    private List<Duration> startUps(Map<String, String> extra) throws Exception {
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < options.startups(); i++) {
            Map<String, String> environment = env.gatewayEnvironment(env.upstream.url(), options.sessions());
            environment.putAll(extra);
            try (GatewayProcess gateway = GatewayProcess.start(environment)) {
                times.add(gateway.startUp());
            }
        }
        return times;
    }

    private static Duration median(List<Duration> durations) {
        return durations.stream().sorted().toList().get(durations.size() / 2);
    }

    /**
     * The gateway's first load after its start (the warm-up, never measured otherwise): calls/s per 5 s, to show how
     * long it takes to reach its steady throughput (JIT compilation), as a standard tool run against a fresh jar sees.
     */
    private void fromStart(Load load, Load.Call throughGateway) throws Exception {
        // -Dbench.rampup (seconds; the warm-up when unset) kept out of Options so the smoke run stays as it is
        Duration rampUp = Duration.ofSeconds(Integer.getInteger("bench.rampup", (int) options.warmup().toSeconds()));
        Duration bucket = Duration.ofSeconds(Math.min(5, Math.max(1, rampUp.toSeconds())));
        long[] answered = load.closedLoopOverTime(rampUp, bucket, throughGateway);
        say("## Throughput through the gateway from its start (warm-up, saturating), calls/s per " + bucket.toSeconds() + " s");
        say("");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < answered.length; i++) {
            line.append(i == 0 ? "" : ", ").append(i * bucket.toSeconds()).append("s: ")
                    .append(answered[i] / bucket.toSeconds());
        }
        say(line.toString());
        say("");
    }

    /** The upstream must see the same headers from the gateway and from the direct client, or the ratio is unfair. */
    private void compareRequests(Load load, Load.Call direct, Load.Call throughGateway) throws Exception {
        Set<String> fromGateway = captureOneCall(throughGateway);
        Set<String> fromDirect = captureOneCall(direct);
        say("## The upstream's view of a tools/call");
        say("");
        say("Headers from the gateway: " + fromGateway);
        say("Headers from the direct client: " + fromDirect + (fromGateway.equals(fromDirect) ? " (the same)" : " (DIFFERENT)"));
        say("Upstream refusals (bearer or signature) so far: " + env.upstream.refusals().size());
        say("");
    }

    private Set<String> captureOneCall(Load.Call call) throws Exception {
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(20);
                call.send(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        Set<String> names = env.upstream.headerNamesOfNextCall();
        sender.join();
        return names;
    }

    /** Closed loop, direct and through the gateway in alternating rounds so that drift in the machine's load hits both. */
    private void saturated(GatewayProcess gateway, Load load, Load.Call direct, Load.Call throughGateway, Figures figures)
            throws Exception {
        int rounds = 2;
        Duration each = options.duration().dividedBy(rounds);
        Load.Result directTotal = null;
        Load.Result gatewayTotal = null;
        Duration gatewayCpuDirect = Duration.ZERO;
        Duration gatewayCpu = Duration.ZERO;
        Duration harnessCpuDirect = Duration.ZERO;
        Duration harnessCpu = Duration.ZERO;
        long connectionsBefore = env.upstream.connectionsOpened();
        for (int round = 0; round < rounds; round++) {
            Duration gatewayBefore = gateway.cpuTime();
            Duration harnessBefore = Machine.ownCpuTime();
            Load.Result d = load.closedLoop(each, direct);
            gatewayCpuDirect = gatewayCpuDirect.plus(gateway.cpuTime().minus(gatewayBefore));
            harnessCpuDirect = harnessCpuDirect.plus(Machine.ownCpuTime().minus(harnessBefore));
            gatewayBefore = gateway.cpuTime();
            harnessBefore = Machine.ownCpuTime();
            Load.Result g = load.closedLoop(each, throughGateway);
            gatewayCpu = gatewayCpu.plus(gateway.cpuTime().minus(gatewayBefore));
            harnessCpu = harnessCpu.plus(Machine.ownCpuTime().minus(harnessBefore));
            directTotal = directTotal == null ? d : directTotal.plus(d);
            gatewayTotal = gatewayTotal == null ? g : gatewayTotal.plus(g);
        }
        long connectionsOpened = env.upstream.connectionsOpened() - connectionsBefore;
        figures.direct = directTotal;
        figures.gateway = gatewayTotal;
        figures.gatewayCpuPerCall = gatewayCpu.dividedBy(Math.max(1, gatewayTotal.ok()));
        say("## Saturation: " + options.sessions() + " sessions, each sending its next call when answered");
        say("");
        say(Figures.latencyHeader());
        say(Figures.latencyRow("direct to the upstream", directTotal));
        say(Figures.latencyRow("through the gateway", gatewayTotal));
        say("");
        say(String.format("Gateway process CPU: %.0f µs per call through it (%.2f cores busy); while the direct calls ran"
                        + " it used %.2f cores (idle work).", gatewayCpu.toNanos() / 1e3 / Math.max(1, gatewayTotal.ok()),
                gatewayCpu.toNanos() / (double) gatewayTotal.elapsed().toNanos(),
                gatewayCpuDirect.toNanos() / (double) directTotal.elapsed().toNanos()));
        say(String.format("Load generator + upstream process CPU: %.0f µs per direct call, %.0f µs per call through the"
                        + " gateway.", harnessCpuDirect.toNanos() / 1e3 / Math.max(1, directTotal.ok()),
                harnessCpu.toNanos() / 1e3 / Math.max(1, gatewayTotal.ok())));
        say(String.format("Throughput ratio gateway/direct: %.2f", gatewayTotal.perSecond() / directTotal.perSecond()));
        say(String.format("Upstream TLS connections per call, both lines together (keep-alive check): %.4f (%d for %d calls)",
                connectionsOpened / (double) Math.max(1, directTotal.ok() + gatewayTotal.ok()), connectionsOpened,
                directTotal.ok() + gatewayTotal.ok()));
        say("");
        writeHistogram("saturated-direct", directTotal.latencyMicros());
        writeHistogram("saturated-gateway", gatewayTotal.latencyMicros());
    }

    /** The gateway line as a standard tool sees it: wrk, closed loop, the same number of connections. */
    private void wrk(GatewayProcess gateway, String[] tokens) throws Exception {
        say("## wrk (external, closed loop) through the gateway, " + options.sessions() + " connections");
        say("");
        var wrk = WrkLoad.find();
        if (wrk.isEmpty()) {
            say("Skipped: wrk is not installed (Debian: `" + WrkLoad.INSTALL_HINT + "`).");
            say("");
            return;
        }
        String[] sessions = new String[tokens.length];
        Arrays.setAll(sessions, Benchmark::sessionId);
        String output = WrkLoad.run(wrk.get(), options.out(), gateway.url(""), sessions, tokens, options.sessions(),
                options.duration().dividedBy(2));
        say(String.format("wrk: %.0f calls/s. Its output:", WrkLoad.requestsPerSecond(output)));
        say("");
        say("```");
        say(output.strip());
        say("```");
        say("");
    }

    /**
     * The nginx hop line: the same signed calls as the direct line, through nginx on loopback (upstream keep-alive
     * pool), saturating. Skipped, with how to install nginx, when it is absent.
     */
    private void nginxHop(Load load) throws Exception {
        say("## nginx hop: the direct calls through nginx `proxy_pass` (upstream keep-alive pool), saturation");
        say("");
        var nginx = NginxHop.find();
        if (nginx.isEmpty()) {
            say("Skipped: nginx is not installed (Debian: `" + NginxHop.INSTALL_HINT + "`).");
            say("");
            return;
        }
        java.net.URI upstream = java.net.URI.create(env.upstream.url());
        try (NginxHop hop = NginxHop.start(nginx.get(), options.out(), upstream, options.sessions())) {
            java.net.URI via = hop.url(upstream);
            Load.Call throughNginx = s -> {
                env.clients.callVia(via, "hello from session " + s);
                return true;
            };
            load.closedLoop(options.warmup(), throughNginx);
            long connectionsBefore = env.upstream.connectionsOpened();
            Load.Result result = load.closedLoop(options.duration().dividedBy(2), throughNginx);
            long opened = env.upstream.connectionsOpened() - connectionsBefore;
            say(Figures.latencyHeader());
            say(Figures.latencyRow("through nginx", result));
            say("");
            say(String.format("Upstream TLS connections per call: %.4f (%d for %d calls).",
                    opened / (double) Math.max(1, result.ok()), opened, result.ok()));
            say("");
        }
    }

    /**
     * The same sessions at fixed rates, a half and a quarter of what the gateway sustained: latency where the machine is
     * not saturated, so the difference between the lines is the gateway's added latency rather than queueing. The
     * targets are judged at the half.
     */
    private void paced(Load load, Load.Call direct, Load.Call throughGateway, Figures figures) throws Exception {
        figures.pacedRate = Math.floor(figures.gateway.perSecond() / 2);
        say(String.format("## Fixed rate: %d sessions together sending calls on a schedule, latency from when each call"
                + " was due", options.sessions()));
        say("");
        say(Figures.latencyHeader());
        for (double rate : new double[] {figures.pacedRate, Math.floor(figures.pacedRate / 2)}) {
            Duration each = options.duration().dividedBy(2);
            Load.Result d = load.paced(each, rate, direct);
            Load.Result g = load.paced(each, rate, throughGateway);
            String share = rate == figures.pacedRate ? "half" : "a quarter";
            say(Figures.latencyRow(String.format("%.0f/s (%s of the gateway's saturation): direct", rate, share), d));
            say(Figures.latencyRow(String.format("%.0f/s: through the gateway", rate), g));
            say(String.format("| %.0f/s: added by the gateway | | | %s | %s | %s | %s |", rate,
                    ms(g.latencyMicros().getValueAtPercentile(50) - d.latencyMicros().getValueAtPercentile(50)),
                    ms(g.latencyMicros().getValueAtPercentile(90) - d.latencyMicros().getValueAtPercentile(90)),
                    ms(g.latencyMicros().getValueAtPercentile(99) - d.latencyMicros().getValueAtPercentile(99)),
                    ms(g.latencyMicros().getMaxValue() - d.latencyMicros().getMaxValue())));
            if (rate == figures.pacedRate) {
                figures.pacedDirect = d;
                figures.pacedGateway = g;
                writeHistogram("paced-direct", d.latencyMicros());
                writeHistogram("paced-gateway", g.latencyMicros());
            }
        }
        say("");
    }

    /**
     * The external open-loop line: wrk2 at the built-in fixed rate's half-saturation rate, latency from when each call
     * was due (corrected for coordinated omission), on the main line's gateway right after the built-in fixed-rate
     * rounds (the same process, as warm): the two generators side by side. Added latency is against the built-in
     * direct line at the same rate: wrk2 cannot sign the calls the upstream requires.
     */
    private void wrk2(GatewayProcess gateway, String[] tokens, Figures figures) throws Exception {
        say("## wrk2 (external, open loop at a fixed rate, corrected for coordinated omission) through the gateway");
        say("");
        var wrk2 = WrkLoad.findWrk2();
        if (wrk2.isEmpty()) {
            say("Skipped: wrk2 is not installed (" + WrkLoad.WRK2_INSTALL_HINT + ").");
            say("");
            return;
        }
        String[] ids = new String[tokens.length];
        Arrays.setAll(ids, Benchmark::sessionId);
        Histogram direct = figures.pacedDirect.latencyMicros();
        Histogram builtIn = figures.pacedGateway.latencyMicros();
        say(String.format("The main line's gateway, right after the built-in fixed-rate rounds; %d connections, 2 threads,"
                + " %.0f calls/s, %d s. At the same rate the built-in generator saw p50 %s, p99 %s direct and p50 %s,"
                + " p99 %s through the gateway.", tokens.length, figures.pacedRate, options.duration().toSeconds(),
                ms(direct.getValueAtPercentile(50)), ms(direct.getValueAtPercentile(99)),
                ms(builtIn.getValueAtPercentile(50)), ms(builtIn.getValueAtPercentile(99))));
        say("");
        String output = WrkLoad.runAtRate(wrk2.get(), "wrk2-gateway", options.out(), gateway.url(""), ids, tokens,
                tokens.length, options.duration(), figures.pacedRate);
        say(wrk2Header());
        say(wrk2Row("through the gateway", output, direct));
        say("");
        figures.wrk2AddedP50 = WrkLoad.correctedPercentileMicros(output, 50) - direct.getValueAtPercentile(50);
        figures.wrk2AddedP99 = WrkLoad.correctedPercentileMicros(output, 99) - direct.getValueAtPercentile(99);
        say("Output: " + options.out().resolve("wrk2-gateway.txt"));
        say("");
    }

    /**
     * wrk2 as a user pointing it at a freshly started jar sees it: the same rate, on a gateway started for it (the
     * JIT's warm-up included), twice in a row.
     */
    private void wrk2Fresh(Figures figures) throws Exception {
        var wrk2 = WrkLoad.findWrk2();
        if (wrk2.isEmpty() || figures.pacedDirect == null) {
            return;
        }
        say("## wrk2 against a freshly started gateway, the same rate, two rounds in a row");
        say("");
        int sessions = options.sessions();
        String[] ids = new String[sessions];
        Arrays.setAll(ids, Benchmark::sessionId);
        try (GatewayProcess gateway = GatewayProcess.start(env.gatewayEnvironment(env.upstream.url(), sessions))) {
            String[] tokens = openSessions(gateway, "wrk2-user");
            say(wrk2Header());
            for (String round : List.of("first", "second")) {
                String output = WrkLoad.runAtRate(wrk2.get(), "wrk2-fresh-" + round, options.out(), gateway.url(""),
                        ids, tokens, sessions, options.duration(), figures.pacedRate);
                say(wrk2Row(round + " " + options.duration().toSeconds() + " s after the start", output,
                        figures.pacedDirect.latencyMicros()));
            }
            say("");
        }
    }

    private static String wrk2Header() {
        return "| wrk2 run | Calls/s | p50 | p90 | p99 | added p50 | added p99 |\n|---|---|---|---|---|---|---|";
    }

    private static String wrk2Row(String run, String output, Histogram direct) {
        long p50 = WrkLoad.correctedPercentileMicros(output, 50);
        long p99 = WrkLoad.correctedPercentileMicros(output, 99);
        return String.format("| %s%s | %.0f | %s | %s | %s | %s | %s |", run,
                output.contains("Non-2xx") ? " (**refused calls**, see its output)" : "",
                WrkLoad.requestsPerSecond(output), ms(p50), ms(WrkLoad.correctedPercentileMicros(output, 90)), ms(p99),
                ms(p50 - direct.getValueAtPercentile(50)), ms(p99 - direct.getValueAtPercentile(99)));
    }

    /**
     * /init of a session that exists, with the same credentials: answered from the store, no probe. One caller at a
     * time, so the time is the gateway's and not a queue's. Server time is the gateway's own request histogram
     * (arrival at the route to answer), read from the management port before and after.
     */
    private void reusedInit(GatewayProcess gateway, String apiUrl, String token, Figures figures) throws Exception {
        String before = gateway.metrics();
        Load.Result reused;
        try (Load single = new Load(1)) {
            reused = single.closedLoop(options.duration().dividedBy(3), s -> {
                env.clients.init(gateway.url(""), sessionId(0), apiUrl, token);
                return true;
            });
        }
        String after = gateway.metrics();
        String route = "route=\"init-session\"";
        double count = delta(before, after, "mcp_gateway_request_duration_seconds_count", route);
        double seconds = delta(before, after, "mcp_gateway_request_duration_seconds_sum", route);
        double underOneMs = delta(before, after, "mcp_gateway_request_duration_seconds_bucket", route, "le=\"0.001\"");
        figures.reusedInitServerMicros = seconds / count * 1e6;
        table("## /init of an existing session (reused), one caller at a time", "client-side", reused);
        say(String.format("Server time (mcp_gateway_request_duration_seconds, route init-session): mean %.0f µs over %.0f"
                + " requests; %.1f%% within 1 ms.", figures.reusedInitServerMicros, count, 100 * underOneMs / count));
        say("");
    }

    private static double delta(String before, String after, String name, String... labels) {
        return GatewayProcess.metric(after, name, labels) - GatewayProcess.metric(before, name, labels);
    }

    /** A flight recording of the gateway under the saturating load, summarised (and kept, for JDK Mission Control). */
    private void profile(GatewayProcess gateway, Load load, Load.Call throughGateway) throws Exception {
        Path recording = options.out().resolve("gateway.jfr").toAbsolutePath();
        gateway.jcmd("JFR.start", "name=bench", "settings=profile");
        Load.Result result = load.closedLoop(options.profile(), throughGateway);
        gateway.jcmd("JFR.stop", "name=bench", "filename=" + recording);
        String summary = JfrProfile.summarize(recording, 15);
        Files.writeString(options.out().resolve("profile.txt"), summary);
        say(String.format("## Profile: JFR on the gateway, %d s of saturating load (%.0f calls/s while recording)",
                options.profile().toSeconds(), result.perSecond()));
        say("");
        say("```");
        say(summary.strip());
        say("```");
        say("");
    }

    /** Heap after a full collection with N idle sessions stored, minus the heap before them, divided by N. */
    private void memory(GatewayProcess gateway, Load load, String apiUrl, Figures figures) throws Exception {
        Map<String, Long> baseline = gateway.liveHeap();
        AtomicInteger opened = new AtomicInteger();
        say("## Memory per stored session (idle: opened by /init, never used)");
        say("");
        say("| Sessions stored | Live heap after full GC | Growth over the " + options.sessions()
                + " benchmark sessions | Per session | /init rate while opening |");
        say("|---|---|---|---|---|");
        say(String.format("| %d | %.1f MiB | | | |", options.sessions(), baseline.get("Total") / 1048576.0));
        Map<String, Long> last = baseline;
        int stored = 0;
        for (int target : options.memorySessions()) {
            Load.Result opening = load.closedLoop(Duration.ofMinutes(10), s -> {
                int k = opened.getAndIncrement();
                if (k >= target) {
                    return false;
                }
                env.clients.init(gateway.url(""), "idle-" + k, apiUrl, TestTokens.jwt("idle-user-" + k));
                return true;
            });
            opened.set(target);
            if (opening.errors() > 0) {
                throw new IllegalStateException("opening idle sessions failed: " + opening.firstError());
            }
            stored = target;
            last = gateway.liveHeap();
            double perSession = (last.get("Total") - baseline.get("Total")) / (double) target;
            figures.bytesPerIdleSession = perSession;
            say(String.format("| %d | %.1f MiB | %.1f MiB | %.0f bytes | %.0f /s |", target + options.sessions(),
                    last.get("Total") / 1048576.0, (last.get("Total") - baseline.get("Total")) / 1048576.0, perSession,
                    opening.perSecond()));
        }
        say("");
        say("Where it goes at " + stored + " idle sessions (live bytes per session, by class; top 12):");
        say("");
        Map<String, Long> finalHeap = last;
        int n = stored;
        finalHeap.entrySet().stream().filter(e -> !e.getKey().equals("Total"))
                .map(e -> Map.entry(e.getKey(), e.getValue() - baseline.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(12)
                .forEach(e -> say(String.format("- %.0f bytes: `%s`", e.getValue() / (double) n, e.getKey())));
        say("");
    }

    /** One gateway's figures on the state line. */
    private record StateLine(Load.Result saturated, double rate, Load.Result paced, double scriptsPerCall,
                             double commandsPerCall) {
    }

    /**
     * The shared-state line: the same calls through a gateway on the memory store and through one on
     * {@code GATEWAY_STATE=redis} (a redis-server on loopback, as the tests start it), one after the other with the
     * same harness: throughput at saturation, latency at the fixed rate of the main line, and the Redis commands each
     * call costs. {@code -Dbench.redis=false} skips it.
     */
    private void sharedState(Figures figures) throws Exception {
        say("## Shared state: the memory store and Redis, side by side");
        say("");
        try (RedisTestServer redis = RedisTestServer.start()) {
            Map<String, String> memory = env.gatewayEnvironment(env.upstream.url(), options.sessions());
            Map<String, String> shared = new HashMap<>(memory);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            shared.put("GATEWAY_STATE", "redis");
            shared.put("GATEWAY_STATE_URL", redis.url());
            shared.put("GATEWAY_STATE_KEY", Base64.getEncoder().encodeToString(key));
            StateLine inMemory = stateLine(memory, null, Double.NaN);
            StateLine onRedis = stateLine(shared, redis, inMemory.rate());
            say(Figures.latencyHeader());
            say(Figures.latencyRow("memory store, saturation", inMemory.saturated()));
            say(Figures.latencyRow("Redis, saturation", onRedis.saturated()));
            say(Figures.latencyRow(String.format("memory store, %.0f/s", inMemory.rate()), inMemory.paced()));
            say(Figures.latencyRow(String.format("Redis, %.0f/s", onRedis.rate()), onRedis.paced()));
            say("");
            double ratio = onRedis.saturated().perSecond() / inMemory.saturated().perSecond();
            long addedP50 = onRedis.paced().latencyMicros().getValueAtPercentile(50)
                    - inMemory.paced().latencyMicros().getValueAtPercentile(50);
            say(String.format("Throughput Redis / memory: %.2f (aim: at least 0.8). p50 added by Redis at half the memory"
                    + " line's saturation: %s (aim: under 0.3 ms). Redis per call: %.1f scripts run (EVALSHA), %.1f"
                    + " commands in all (those the scripts run included).", ratio, ms(addedP50),
                    onRedis.scriptsPerCall(), onRedis.commandsPerCall()));
            say("");
            figures.redisThroughputRatio = ratio;
            figures.redisAddedP50 = addedP50;
        }
    }

    /**
     * A fresh gateway warmed twice as long as the main line (its throughput still rises after a minute), at the fixed
     * rate given, or at half its own saturation when that is NaN.
     */
    private StateLine stateLine(Map<String, String> environment, RedisTestServer redis, double fixedRate)
            throws Exception {
        int sessions = options.sessions();
        try (GatewayProcess gateway = GatewayProcess.start(environment); Load load = new Load(sessions)) {
            String[] tokens = openSessions(gateway, "state-user");
            Load.Call throughGateway = s -> {
                env.clients.callThroughGateway(gateway.url(""), sessionId(s), tokens[s], "hello from session " + s);
                return true;
            };
            load.closedLoop(options.warmup().multipliedBy(2), throughGateway);
            long[] before = redis == null ? new long[2] : redisCounts(redis);
            Load.Result saturated = load.closedLoop(options.duration().dividedBy(2), throughGateway);
            long[] after = redis == null ? new long[2] : redisCounts(redis);
            double rate = Double.isNaN(fixedRate) ? Math.floor(saturated.perSecond() / 2) : fixedRate;
            Load.Result paced = load.paced(options.duration().dividedBy(2), rate, throughGateway);
            double calls = Math.max(1, saturated.ok());
            return new StateLine(saturated, rate, paced, (after[0] - before[0]) / calls, (after[1] - before[1]) / calls);
        }
    }

    /** EVALSHA calls and all commands Redis has processed so far (INFO commandstats, stats). */
    private static long[] redisCounts(RedisTestServer redis) {
        try (var admin = redis.admin()) {
            long scripts = admin.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_evalsha:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=([0-9]+),.*", "$1"))).sum();
            long commands = admin.info("stats").lines().filter(line -> line.startsWith("total_commands_processed:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip())).sum();
            return new long[] {scripts, commands};
        }
    }

    /** The secondary line: the same calls through a gateway whose upstream is the legacy-era MCP Java SDK server. */
    private void legacy() throws Exception {
        McpTestServer sdk = env.legacyUpstream();
        legacyLine("## Secondary line: legacy-era upstream (MCP Java SDK 2.1.0 on Jetty: sessions, event-stream answers)",
                "Upstream TLS connections", env.gatewayEnvironment(sdk.url("https"), options.sessions()),
                sdk::connectionsOpened, env.clients::callThroughGateway);
    }

    /**
     * The legacy line against the reference server ({@code server-everything}, Node, installed by the project's npm
     * files): its {@code echo} tool through the gateway, over plain HTTP on loopback (the server has no TLS), with a
     * counting relay in front of it for the connections the gateway opens.
     */
    private void referenceServer() throws Exception {
        try (ReferenceMcpServer reference = new ReferenceMcpServer();
             CountingRelay relay = new CountingRelay(URI.create(reference.url()).getPort())) {
            Map<String, String> environment = env.gatewayEnvironment("http://127.0.0.1:" + relay.port() + "/mcp",
                    options.sessions());
            environment.remove("MCP_CERT_PATH");
            environment.put("MCP_REQUIRE_SIGNING", "false");
            legacyLine("## Legacy line: the reference server (`@modelcontextprotocol/server-everything`, Node; sessions,"
                    + " event-stream answers)", "Upstream connections", environment, relay::connectionsAccepted,
                    env.clients::echoThroughGateway);
        }
    }

    /** One tool call through the gateway, for a session and its token. */
    @FunctionalInterface
    private interface GatewayCall {
        void call(String gateway, String sessionId, String token, String text) throws IOException;
    }

    /**
     * A legacy-era upstream through the gateway, saturating: its figures, the gateway's CPU per call and the upstream
     * connections opened per call. (No direct line: the benchmark's direct client speaks the modern era only.)
     */
    private void legacyLine(String heading, String connections, Map<String, String> environment,
                            LongSupplier connectionsOpened, GatewayCall call) throws Exception {
        int sessions = options.sessions();
        try (GatewayProcess gateway = GatewayProcess.start(environment); Load load = new Load(sessions)) {
            String[] tokens = openSessions(gateway, "legacy-user");
            Load.Call throughGateway = s -> {
                call.call(gateway.url(""), sessionId(s), tokens[s], "hello from session " + s);
                return true;
            };
            load.closedLoop(options.warmup(), throughGateway);
            long connectionsBefore = connectionsOpened.getAsLong();
            Duration cpuBefore = gateway.cpuTime();
            Load.Result result = load.closedLoop(options.duration().dividedBy(2), throughGateway);
            Duration cpu = gateway.cpuTime().minus(cpuBefore);
            long opened = connectionsOpened.getAsLong() - connectionsBefore;
            table(heading, "through the gateway (saturation)", result);
            say(String.format("Gateway process CPU: %.0f µs per call. %s per call: %.4f (%d for %d calls). (No direct"
                            + " line for this upstream: the benchmark's direct client speaks the modern era only.)",
                    cpu.toNanos() / 1e3 / Math.max(1, result.ok()), connections,
                    opened / (double) Math.max(1, result.ok()), opened, result.ok()));
            say("");
        }
    }

    /** A section with a one-line latency table. */
    private void table(String title, String line, Load.Result result) {
        say(title);
        say("");
        say(Figures.latencyHeader());
        say(Figures.latencyRow(line, result));
        say("");
    }

    private void writeHistogram(String name, Histogram micros) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            micros.outputPercentileDistribution(out, 1000.0);
        }
        Files.write(options.out().resolve(name + ".hgrm"), text.toByteArray());
    }

    static String ms(double micros) {
        return String.format("%.2f ms", micros / 1000);
    }
}
