package io.mcpgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the gateway's CPU time goes, from a flight recording of it under load: the method on top of each execution
 * sample (self time), the component each sample is spent in, the gateway classes on the stack (inclusive time), the
 * threads, and the garbage collector's pauses.
 */
final class JfrProfile {

    /**
     * Components by class-name prefix, checked from the top of the stack down: a sample belongs to the first frame
     * that matches, so JDK collections or strings count for the library that called them, while TLS, crypto, regular
     * expressions and socket I/O in the JDK count for themselves.
     */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("sun.security.ssl.", "TLS (JDK)");
        COMPONENTS.put("javax.net.ssl.", "TLS (JDK)");
        COMPONENTS.put("com.sun.crypto.", "crypto (JDK)");
        COMPONENTS.put("sun.security.", "crypto (JDK)");
        COMPONENTS.put("java.security.", "crypto (JDK)");
        COMPONENTS.put("org.bouncycastle.", "crypto (BouncyCastle: signing HMAC, hex)");
        COMPONENTS.put("java.util.regex.", "regular expressions (JDK)");
        COMPONENTS.put("sun.nio.ch.", "socket I/O (JDK)");
        COMPONENTS.put("java.net.", "socket I/O (JDK)");
        COMPONENTS.put("sun.nio.cs.", "charset coding (JDK)");
        COMPONENTS.put("io.mcpgateway.", "gateway code (io.mcpgateway)");
        COMPONENTS.put("org.apache.camel.", "Camel");
        COMPONENTS.put("io.vertx.", "Vert.x / Netty (inbound HTTP)");
        COMPONENTS.put("io.netty.", "Vert.x / Netty (inbound HTTP)");
        COMPONENTS.put("org.apache.hc.", "Apache HttpClient (upstream calls)");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson (JSON)");
        COMPONENTS.put("com.networknt.", "JSON Schema validation (networknt)");
        COMPONENTS.put("io.micrometer.", "Micrometer (metrics)");
        COMPONENTS.put("ch.qos.logback.", "logging (logback, slf4j)");
        COMPONENTS.put("org.slf4j.", "logging (logback, slf4j)");
        COMPONENTS.put("io.github.resilience4j.", "Resilience4j (breaker)");
        COMPONENTS.put("com.github.benmanes.caffeine.", "Caffeine (caches)");
    }

    /**
     * Stages of a tool call, by a pattern on {@code class.method} of any frame: a sample counts once for each stage it
     * is inside (so nested stages overlap, and the shares do not add up to 100).
     */
    private static final Map<String, Pattern> STAGES = new LinkedHashMap<>();

    static {
        String[][] stages = {
            {"the upstream HTTP call (camel-http, HttpClient, TLS, socket)", "component\\.http\\.HttpProducer\\.process"},
            {"TLS (JDK, any frame)", "^sun\\.security\\.ssl\\."},
            {"building and signing the upstream request (UpstreamRequests)", "UpstreamRequests\\.jsonRpc"},
            {"signing alone (RequestSigner)", "RequestSigner\\.sign"},
            {"reading the upstream reply (ReadUpstreamReply)", "ReadUpstreamReply\\.process"},
            {"parsing, authenticating and checking the call",
                "ParseToolRequest|AuthenticateSessionOwner|CheckToolArguments|AssignRequestId"},
            {"JSON Schema validation (ToolSchemaValidator)", "ToolSchemaValidator\\.validate"},
            {"rate and concurrency limits", "LimitSessionRate|ConcurrencyLimits|Throttler"},
            {"the answer (ToolReplies, writing the response)", "ToolReplies\\.|VertxPlatformHttpSupport\\.writeResponse"},
            {"metrics and audit (event notifiers, route policy)", "EventHelper\\.|MicrometerRoutePolicy"},
            {"logging (operator log, audit appender)", "^ch\\.qos\\.logback\\.|AuditLog"},
            {"Camel units of work and exchange copies",
                "DefaultUnitOfWork\\.|ExchangeHelper\\.(createCopy|copyResults)|AbstractExchange\\.copy"},
            {"Vert.x event loop (HTTP parsing and writing)", "NioEventLoop\\.run"},
        };
        for (String[] stage : stages) {
            STAGES.put(stage[0], Pattern.compile(stage[1]));
        }
    }

    private JfrProfile() {
    }

    /** The report, as plain text with one ranked list per view. */
    static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> selfByMethod = new HashMap<>();
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> inclusiveByGatewayClass = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byStage = new LinkedHashMap<>();
        Map<String, Long> allocatedByClass = new HashMap<>();
        int samples = 0;
        int collections = 0;
        Duration pauses = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = stack.getFrames();
                    selfByMethod.merge(method(frames.get(0)), 1, Integer::sum);
                    byComponent.merge(component(frames), 1, Integer::sum);
                    Set<String> gatewayClasses = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String type = frame.getMethod().getType().getName();
                        if (type.startsWith("io.mcpgateway.")) {
                            gatewayClasses.add(type.replaceAll("\\$.*", ""));
                        }
                    }
                    gatewayClasses.forEach(type -> inclusiveByGatewayClass.merge(type, 1, Integer::sum));
                    STAGES.forEach((stage, pattern) -> {
                        if (frames.stream().anyMatch(frame -> pattern.matcher(method(frame)).find())) {
                            byStage.merge(stage, 1, Integer::sum);
                        }
                    });
                    String thread = event.getThread("sampledThread") == null ? "?"
                            : event.getThread("sampledThread").getJavaName();
                    byThread.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-N-"),
                            1, Integer::sum);
                }
                case "jdk.ObjectAllocationSample" -> allocatedByClass.merge(
                        event.getClass("objectClass").getName(), event.getLong("weight"), Long::sum);
                case "jdk.GarbageCollection" -> {
                    collections++;
                    Duration pause = event.getDuration("sumOfPauses");
                    pauses = pauses.plus(pause);
                    longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
                }
                default -> { }
            }
        }
        long allocated = allocatedByClass.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder report = new StringBuilder();
        report.append("Execution samples: ").append(samples).append("\n\n");
        report.append("By stage of the request (inclusive; stages nest, so shares overlap):\n");
        for (String stage : STAGES.keySet()) {
            report.append(String.format("  %5.1f%%  %s%n", 100.0 * byStage.getOrDefault(stage, 0) / Math.max(1, samples),
                    stage));
        }
        report.append('\n');
        report.append(ranked("By component (a sample counts for the first component from the top of its stack)",
                byComponent, samples, top));
        report.append(ranked("Self time by method (top of stack)", selfByMethod, samples, top));
        report.append(ranked("Inclusive time by gateway class (samples with the class anywhere on the stack)",
                inclusiveByGatewayClass, samples, top));
        report.append(ranked("By thread", byThread, samples, top));
        report.append("Allocation (sampled weight) by class, of ").append(allocated / (1024 * 1024)).append(" MiB:\n");
        allocatedByClass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> report.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, allocated),
                        e.getKey())));
        report.append(String.format("%nGarbage collections: %d, pauses %d ms in all, longest %.1f ms%n", collections,
                pauses.toMillis(), longestPause.toNanos() / 1e6));
        return report.toString();
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> component : COMPONENTS.entrySet()) {
                if (type.startsWith(component.getKey())) {
                    return component.getValue();
                }
            }
        }
        return "JDK and other";
    }

    private static String ranked(String title, Map<String, Integer> counts, int total, int top) {
        return title + ":\n" + counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(top)
                .map(e -> String.format("  %5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
                .collect(Collectors.joining("\n")) + "\n\n";
    }
}
