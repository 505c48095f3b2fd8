package dev.gameday.bench;

import dev.gameday.HaltPoints;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.DockerContainerRuntime;
import dev.gameday.docker.LocalDocker;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultListener;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.FaultSpec;
import dev.gameday.fault.IsolateFault;
import dev.gameday.fault.KillFault;
import dev.gameday.fault.NetemSupport;
import dev.gameday.fault.PauseFault;
import dev.gameday.kafka.ClusterInspector;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.kafka.KafkaConfig;
import dev.gameday.kafka.TestKafkaConfig;
import dev.gameday.lab.Lab;
import dev.gameday.lease.LabLease;
import dev.gameday.target.AdminKafkaRoles;
import dev.gameday.target.SafetyConfig;
import dev.gameday.target.TargetResolver;
import dev.gameday.target.TargetSelector;
import dev.gameday.time.Retry;
import dev.gameday.time.Sleeper;
import dev.gameday.time.SystemScheduler;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Latency from the inject call to the state Docker reports, for kill, pause, unpause and a network
 * partition, next to the docker CLI doing the same to the same container in the same run.
 * Run: bench/run.sh faults [iterations]
 */
public final class FaultLatencyBench {

    private final Lab lab = Lab.get();
    private String container = lab.containerOfNode(3);
    private final ContainerRuntime runtime;
    private final FaultInjector injector;

    private FaultLatencyBench() throws Exception {
        runtime = new DockerContainerRuntime(LocalDocker.config());
        KafkaClients clients = new KafkaClients(kafkaConfig(), Retry.SYSTEM);
        TargetResolver resolver = new TargetResolver(runtime, new AdminKafkaRoles(clients, Retry.SYSTEM), safety(), kafkaConfig());
        injector = new FaultInjector(runtime, resolver, new NetemSupport(runtime),
                new ClusterInspector(clients, Clock.systemUTC(), Sleeper.SYSTEM), safety(), Clock.systemUTC(), new SystemScheduler(), new FaultListener() {
                    public void injected(ActiveFault fault) {}

                    public void reverted(ActiveFault fault) {}
                }, HaltPoints.NONE, new LabLease(runtime, () -> Duration.ofSeconds(60), kafkaConfig(), safety(),
                        Clock.systemUTC()));
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        FaultLatencyBench bench = new FaultLatencyBench();
        List<String[]> rows = new ArrayList<>();
        rows.add(bench.kill(iterations, "kill"));
        rows.addAll(bench.pauseAndUnpause(iterations));
        rows.add(bench.partition(iterations));
        bench.lab.awaitHealthy(Duration.ofMinutes(2));
        rows.add(bench.killOfSleep(iterations));

        System.out.printf("%nFault latency, inject call -> state seen through Docker, %d runs each, container %s%n",
                iterations, bench.container);
        System.out.printf("%-10s %12s %12s %12s %12s %14s%n", "operation", "ours p50 ms", "ours p95 ms",
                "cli p50 ms", "cli p95 ms", "ours/cli p50");
        rows.forEach(r -> System.out.printf("%-10s %12s %12s %12s %12s %14s%n", (Object[]) r));
        System.exit(0);
    }

    /**
     * The floor: the same kill on a container that runs only `sleep`, to show how much of a
     * broker's kill latency is Docker reaping the process rather than anything on our side.
     */
    private String[] killOfSleep(int n) {
        String broker = container;
        container = Lab.NAME + "-bench-sleeper";
        Lab.Docker.output(Duration.ofSeconds(30), "run", "-d", "--name", container, "--label", "gameday.target=true",
                "--label", "gameday.cluster=" + Lab.NAME, "kafka-gameday/base:bookworm", "sleep", "infinity");
        try {
            return kill(n, "kill sleep");
        } finally {
            Lab.Docker.output(Duration.ofSeconds(30), "rm", "-f", container);
            container = broker;
        }
    }

    private String[] kill(int n, String name) {
        List<Double> ours = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ActiveFault fault = timed(ours, () -> inject(new KillFault(null)), ContainerState.EXITED);
            injector.revert(fault.id(), "bench");
            awaitState(ContainerState.RUNNING);
            timed(cli, () -> Lab.Docker.output(Duration.ofSeconds(30), "kill", container), ContainerState.EXITED);
            Lab.Docker.output(Duration.ofSeconds(30), "start", container);
            awaitState(ContainerState.RUNNING);
        }
        return row(name, ours, cli);
    }

    private List<String[]> pauseAndUnpause(int n) {
        List<Double> pauseOurs = new ArrayList<>();
        List<Double> unpauseOurs = new ArrayList<>();
        List<Double> pauseCli = new ArrayList<>();
        List<Double> unpauseCli = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ActiveFault fault = timed(pauseOurs, () -> inject(new PauseFault()), ContainerState.PAUSED);
            timed(unpauseOurs, () -> {
                injector.revert(fault.id(), "bench");
                return null;
            }, ContainerState.RUNNING);
            timed(pauseCli, () -> Lab.Docker.output(Duration.ofSeconds(30), "pause", container), ContainerState.PAUSED);
            timed(unpauseCli, () -> Lab.Docker.output(Duration.ofSeconds(30), "unpause", container), ContainerState.RUNNING);
        }
        return List.of(row("pause", pauseOurs, pauseCli), row("unpause", unpauseOurs, unpauseCli));
    }

    /** A partition is in place once its helper has run: inject returns only then, as does the CLI. */
    private String[] partition(int n) {
        List<Double> ours = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        runtime.list(Map.of("gameday.cluster", Lab.NAME)).stream()
                .filter(c -> !c.name().equals(container))
                .forEach(c -> c.networks().values().forEach(e -> peers.add(e.ipAddress())));
        StringBuilder add = new StringBuilder("iptables -w -N BENCH 2>/dev/null || true; ");
        peers.forEach(ip -> add.append("iptables -w -A BENCH -s ").append(ip).append(" -j DROP; iptables -w -A BENCH -d ")
                .append(ip).append(" -j DROP; "));
        for (int i = 0; i < n; i++) {
            ActiveFault fault = timed(ours, () -> inject(new IsolateFault()), null);
            injector.revert(fault.id(), "bench");
            timed(cli, () -> Lab.Docker.output(Duration.ofSeconds(30), "run", "--rm", "--network", "container:" + container,
                    "--cap-add", "NET_ADMIN", "kafka-gameday/base:bookworm", "bash", "-c", add.toString()), null);
            Lab.Docker.output(Duration.ofSeconds(30), "run", "--rm", "--network", "container:" + container, "--cap-add",
                    "NET_ADMIN", "kafka-gameday/base:bookworm", "bash", "-c", "iptables -w -F BENCH; iptables -w -X BENCH");
        }
        return row("partition", ours, cli);
    }

    private ActiveFault inject(FaultSpec fault) {
        return injector.inject(new FaultRequest("bench", "bench", 1, fault, TargetSelector.byName(container),
                Duration.ofMinutes(1), new Random(1)));
    }

    /** Times the call until Docker reports {@code state} (when given) and records the milliseconds. */
    private <T> T timed(List<Double> samples, Supplier<T> call, ContainerState state) {
        long start = System.nanoTime();
        T result = call.get();
        if (state != null) {
            awaitState(state);
        }
        samples.add((System.nanoTime() - start) / 1e6);
        return result;
    }

    private void awaitState(ContainerState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (runtime.inspect(container).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(container + " did not become " + state);
            }
            Thread.onSpinWait();
        }
    }

    private static String[] row(String name, List<Double> ours, List<Double> cli) {
        Stats o = Stats.of(ours);
        Stats c = Stats.of(cli);
        return new String[] {name, fmt(o.median()), fmt(o.p95()), fmt(c.median()), fmt(c.p95()),
                String.format("%.2f", o.median() / c.median())};
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }

    private KafkaConfig kafkaConfig() {
        return TestKafkaConfig.of(lab.serviceConfig());
    }

    private static SafetyConfig safety() throws Exception {
        return FaultFixture.safety(Files.createTempDirectory("bench-journal").resolve("journal.jsonl"));
    }
}
