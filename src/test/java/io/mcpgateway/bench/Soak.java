package io.mcpgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.mcpgateway.testing.TestTokens;

/**
 * Soak mode: minutes of steady load with session churn (every session is opened by /init, makes 1 to 10 tool calls,
 * and is then either closed or abandoned to expire after a short {@code SESSION_IDLE_TTL}). The live heap after a
 * full collection and the thread count are sampled as it runs; the end state, once the abandoned sessions have
 * expired, is compared with the state before the load, taken the same way after a warm-up.
 */
final class Soak {

    /** Allowed growth of the live heap from before the soak to after it, whichever is larger. */
    static final long HEAP_SLACK_BYTES = 5 * 1024 * 1024;
    static final double HEAP_SLACK_RATIO = 0.05;
    static final int THREAD_SLACK = 2;
    /** The HTTP worker pool's threads, as {@link GatewayProcess#threadGroups()} names them (/proc cuts names at 15). */
    static final String WORKER_THREADS = "vert.x-worker-t";
    /** How long a session's tool list (ToolListCache) and rate window (LimitSessionRate) may outlive it. */
    static final Duration PER_SESSION_STATE = Duration.ofSeconds(60);

    /** One sample of the gateway process. */
    record Sample(Duration at, Map<String, Long> liveHeap, int threads, Map<String, Integer> threadGroups,
                  long sessionsActive, long calls) {

        long liveHeapBytes() {
            return liveHeap.get("Total");
        }
    }

    private final Benchmark.Options options;
    private final BenchEnvironment env;
    private final Consumer<String> say;

    Soak(Benchmark.Options options, BenchEnvironment env, Consumer<String> say) {
        this.options = options;
        this.env = env;
        this.say = say;
    }

    /** Runs the soak; true when heap and threads ended flat. */
    boolean run() throws Exception {
        Map<String, String> environment = env.gatewayEnvironment(env.upstream.url(), options.sessions());
        environment.put("SESSION_IDLE_TTL", String.valueOf(options.soakTtl().toSeconds()));
        // until every trace of a session is gone: its idle TTL, and the minute for which its tool list and its rate
        // window outlive it
        Duration settle = (options.soakTtl().compareTo(PER_SESSION_STATE) > 0 ? options.soakTtl() : PER_SESSION_STATE)
                .plusSeconds(5);
        try (GatewayProcess gateway = GatewayProcess.start(environment); Load load = new Load(options.sessions())) {
            Churn churn = new Churn(gateway.url(""), options.sessions());
            load.closedLoop(options.warmup(), churn);
            churn.walkAway();
            Thread.sleep(settle.toMillis());
            long started = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            samples.add(sample(gateway, started, churn));
            CompletableFuture<Load.Result> soak = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.closedLoop(options.soak(), churn);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Duration every = Duration.ofSeconds(Math.max(10, Math.min(30, options.soak().toSeconds() / 12)));
            while (!soak.isDone()) {
                Thread.sleep(Math.min(every.toMillis(), Math.max(1, options.soak().toMillis()
                        - Duration.ofNanos(System.nanoTime() - started).toMillis())));
                if (!soak.isDone()) {
                    samples.add(sample(gateway, started, churn));
                }
            }
            Load.Result result = soak.get();
            Thread.sleep(settle.toMillis());
            Sample end = sample(gateway, started, churn);
            samples.add(end);
            return report(samples, result, churn);
        }
    }

    private Sample sample(GatewayProcess gateway, long started, Churn churn) throws Exception {
        Map<String, Long> heap = gateway.liveHeap();
        long active = (long) GatewayProcess.metric(gateway.metrics(), "mcp_gateway_sessions_active");
        return new Sample(Duration.ofNanos(System.nanoTime() - started), heap, gateway.threads(), gateway.threadGroups(),
                active, churn.calls.get());
    }

    private boolean report(List<Sample> samples, Load.Result result, Churn churn) {
        say.accept("## Soak: " + options.soak().toSeconds() + " s, " + options.sessions() + " concurrent callers, session"
                + " churn, SESSION_IDLE_TTL=" + options.soakTtl().toSeconds() + " s");
        say.accept("");
        say.accept("| At | Live heap after full GC | Threads | Sessions stored | Requests so far |");
        say.accept("|---|---|---|---|---|");
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        for (Sample s : samples) {
            String at = s == first ? "before (after warm-up, idle)" : s == last ? "after (load stopped, TTL passed)"
                    : s.at().toSeconds() + " s";
            say.accept(String.format("| %s | %.1f MiB | %d | %d | %d |", at, s.liveHeapBytes() / 1048576.0, s.threads(),
                    s.sessionsActive(), s.calls()));
        }
        say.accept("");
        say.accept(String.format("Requests: %d answered as expected (%.0f/s), %d failed%s. Sessions: %d opened, %d closed,"
                        + " %d left to expire.", result.ok(), result.perSecond(), result.errors(),
                result.firstError() == null ? "" : " (first: " + result.firstError() + ")", churn.opened.get(),
                churn.closed.get(), churn.abandoned.get()));
        say.accept(Figures.latencyHeader());
        say.accept(Figures.latencyRow("all requests (init, tools/call, close)", result));
        say.accept("");
        long growth = last.liveHeapBytes() - first.liveHeapBytes();
        boolean heapFlat = growth <= Math.max(HEAP_SLACK_BYTES, (long) (first.liveHeapBytes() * HEAP_SLACK_RATIO));
        // Vert.x worker pools start empty and add a thread per task until full; the gateway's server and the management
        // server share one (HttpServerHooks), sized MCP_MAX_CONCURRENT_CALLS + 3 x VALIDATION_MAX_CONCURRENT + 16
        // (here 2 x sessions + 3 x 16 + 16)
        int workerBound = 2 * options.sessions() + 3 * 16 + 16;
        int workers = last.threadGroups().getOrDefault(WORKER_THREADS, 0);
        int otherGrowth = (last.threads() - workers) - (first.threads() - first.threadGroups().getOrDefault(WORKER_THREADS, 0));
        boolean threadsFlat = otherGrowth <= THREAD_SLACK && workers <= workerBound;
        boolean sessionsGone = last.sessionsActive() == 0;
        Map<String, Integer> threadChanges = new java.util.TreeMap<>();
        last.threadGroups().forEach((group, count) -> {
            int change = count - first.threadGroups().getOrDefault(group, 0);
            if (change != 0) {
                threadChanges.put(group, change);
            }
        });
        first.threadGroups().forEach((group, count) -> threadChanges.putIfAbsent(group,
                last.threadGroups().containsKey(group) ? 0 : -count));
        threadChanges.values().removeIf(change -> change == 0);
        say.accept(String.format("Heap: %+.1f MiB from before to after: %s. Threads: %d before, %d after (Vert.x workers %d,"
                        + " pools bounded at %d): %s. Sessions stored after: %d: %s. Failed requests: %d.", growth / 1048576.0,
                heapFlat ? "flat" : "GROWING", first.threads(), last.threads(), workers, workerBound,
                threadsFlat ? "flat" : "GROWING",
                last.sessionsActive(), sessionsGone ? "all expired or closed" : "LEFT BEHIND", result.errors()));
        say.accept("Thread changes by name, before to after: " + (threadChanges.isEmpty() ? "none" : threadChanges));
        say.accept("Largest heap changes by class, before to after: " + first.liveHeap().keySet().stream()
                .filter(type -> !type.equals("Total")).collect(java.util.stream.Collectors.toSet()).stream()
                .map(type -> Map.entry(type, last.liveHeap().getOrDefault(type, 0L) - first.liveHeap().get(type)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format("%s %+.1f KiB", e.getKey(), e.getValue() / 1024.0)).toList());
        return heapFlat && threadsFlat && sessionsGone && result.errors() == 0;
    }

    /**
     * Each caller opens a session, makes 1 to 10 tool calls, then closes it or (every other time) walks away from it.
     */
    private final class Churn implements Load.Call {
        private final String gateway;
        private final String[] ids;
        private final String[] tokens;
        private final int[] callsLeft;
        private final AtomicLong opened = new AtomicLong();
        private final AtomicLong closed = new AtomicLong();
        private final AtomicLong abandoned = new AtomicLong();
        private final AtomicLong calls = new AtomicLong();

        /** Leaves every session in use to expire (before a pause longer than the TTL). */
        void walkAway() {
            java.util.Arrays.fill(ids, null);
        }

        Churn(String gateway, int callers) {
            this.gateway = gateway;
            this.ids = new String[callers];
            this.tokens = new String[callers];
            this.callsLeft = new int[callers];
        }

        /** Sends exactly one request: the next call, a close, or the init of a new session. */
        @Override
        public boolean send(int caller) throws Exception {
            calls.incrementAndGet();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (ids[caller] != null && callsLeft[caller] > 0) {
                callsLeft[caller]--;
                env.clients.callThroughGateway(gateway, ids[caller], tokens[caller], "soak call");
                return true;
            }
            if (ids[caller] != null) {
                String id = ids[caller];
                ids[caller] = null;
                if (random.nextBoolean()) {
                    closed.incrementAndGet();
                    env.clients.close(gateway, id, tokens[caller]);
                    return true;
                }
                abandoned.incrementAndGet();
            }
            long n = opened.incrementAndGet();
            ids[caller] = "soak-" + caller + "-" + n;
            tokens[caller] = TestTokens.jwt("soak-user-" + n);
            callsLeft[caller] = 1 + random.nextInt(10);
            env.clients.init(gateway, ids[caller], env.credentialApi.apiUrl(), tokens[caller]);
            return true;
        }
    }
}
