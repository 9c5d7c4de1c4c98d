package io.mcpgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * A fixed number of concurrent sessions, one thread each, sending one request at a time. Latencies go into an
 * HdrHistogram per thread (microseconds, 3 significant digits), merged at the end.
 */
final class Load implements AutoCloseable {

    /** One request of a session; false when the session has nothing more to do. Throws when the request failed. */
    interface Call {
        boolean send(int session) throws Exception;
    }

    /** What a phase measured. */
    record Result(Histogram latencyMicros, long ok, long errors, String firstError, Duration elapsed) {

        double perSecond() {
            return ok / (elapsed.toNanos() / 1e9);
        }

        Result plus(Result other) {
            Histogram merged = latencyMicros.copy();
            merged.add(other.latencyMicros);
            return new Result(merged, ok + other.ok, errors + other.errors,
                    firstError != null ? firstError : other.firstError, elapsed.plus(other.elapsed));
        }
    }

    private final int sessions;
    private final ExecutorService threads;

    Load(int sessions) {
        this.sessions = sessions;
        this.threads = Executors.newFixedThreadPool(sessions, task -> {
            Thread thread = new Thread(task, "load");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Each session sends its next request as soon as the previous one is answered (saturation). */
    Result closedLoop(Duration duration, Call call) throws Exception {
        return run(duration, 0, call);
    }

    /**
     * Open loop: the sessions together send {@code perSecond} requests a second on a fixed schedule, and a request's
     * latency counts from when it was due, not from when it left, so a stall is not hidden by the requests that
     * waited behind it (coordinated omission).
     */
    Result paced(Duration duration, double perSecond, Call call) throws Exception {
        return run(duration, perSecond, call);
    }

    /**
     * Closed loop like {@link #closedLoop}, also counting answered calls per {@code bucket} from the start: throughput
     * over time, to see how long a freshly started process takes to reach its steady rate (JIT warm-up).
     */
    long[] closedLoopOverTime(Duration duration, Duration bucket, Call call) throws Exception {
        long start = System.nanoTime();
        int buckets = (int) Math.max(1, (duration.toNanos() + bucket.toNanos() - 1) / bucket.toNanos());
        AtomicLongArray answered = new AtomicLongArray(buckets);
        run(duration, 0, session -> {
            boolean more = call.send(session);
            int index = (int) ((System.nanoTime() - start) / bucket.toNanos());
            answered.incrementAndGet(Math.min(buckets - 1, index));
            return more;
        });
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            counts[i] = answered.get(i);
        }
        return counts;
    }

    private Result run(Duration duration, double perSecond, Call call) throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = perSecond > 0 ? (long) (sessions * 1e9 / perSecond) : 0;
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Future<Result>> running = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int session = s;
            running.add(threads.submit(() -> {
                Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                long ok = 0;
                long errors = 0;
                long due = start + (interval == 0 ? 0 : interval * session / sessions);
                while (true) {
                    if (interval > 0) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    long sent = interval > 0 ? due : System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    boolean more;
                    try {
                        more = call.send(session);
                        ok++;
                        latencies.recordValue(Math.min(latencies.getHighestTrackableValue(),
                                (System.nanoTime() - sent) / 1000));
                    } catch (Exception e) {
                        errors++;
                        more = true;
                        firstError.compareAndSet(null, e.toString());
                    }
                    if (!more) {
                        break;
                    }
                    due += interval;
                }
                return new Result(latencies, ok, errors, null, Duration.ZERO);
            }));
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long ok = 0;
        long errors = 0;
        for (Future<Result> session : running) {
            Result result = session.get();
            all.add(result.latencyMicros());
            ok += result.ok();
            errors += result.errors();
        }
        return new Result(all, ok, errors, firstError.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
