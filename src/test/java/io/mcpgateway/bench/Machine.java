package io.mcpgateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the figures were measured on, from /proc and the JVM. */
final class Machine {

    private Machine() {
    }

    static String describe() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        long memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format("%s, %d cores, %.1f GiB RAM, %s %s (%s)", cpu, Runtime.getRuntime().availableProcessors(),
                memoryKb / 1048576.0, System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    /** CPU time of this process: the load generator, the upstream and the credential API. */
    static Duration ownCpuTime() {
        return Duration.ofNanos(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
    }
}
