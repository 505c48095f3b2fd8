package dev.gameday.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real lab for integration tests: the three Kafka nodes of compose/docker-compose.yml, started
 * once per test JVM as compose project {@value #NAME} on their own host ports, so that a lab a user
 * runs next to the tests is never touched. Stopped and removed, volumes included, when the JVM exits
 * (unless GAMEDAY_KEEP_LAB=1).
 */
public final class Lab {

    public static final String NAME = "gdtest";
    public static final String BENCHMARK_NAME = "gdbench";
    public static final String INTEGRATIONS_NAME = "gdint";
    /** The Connect workers' REST ports of the integrations lab: connect-1 on this one, connect-2 on the next. */
    public static final int FIRST_CONNECT_PORT = 49083;
    public static final List<String> WORKERS = List.of("connect-1", "connect-2");
    /** The schema registry nodes' ports of the integrations lab: registry-1 on this one, registry-2 on the next. */
    public static final int FIRST_REGISTRY_PORT = 49990;
    public static final List<String> REGISTRIES = List.of("registry-1", "registry-2");
    public static final int FIRST_CLIENT_PORT = 29091;
    public static final int FIRST_METRICS_PORT = 29401;
    public static final List<String> NODES = List.of("kafka-1", "kafka-2", "kafka-3");
    /** The dedicated controllers of compose/controllers.yml, node ids 101-103. */
    public static final List<String> CONTROLLERS = List.of("controller-1", "controller-2", "controller-3");
    public static final String CONTROLLERS_FILE = "compose/controllers.yml";
    /**
     * -Dgameday.lab.topology=controllers: the shared test lab of this JVM runs three dedicated
     * controllers and three brokers (compose/controllers.yml) instead of three combined nodes.
     */
    public static final String TOPOLOGY_PROPERTY = "gameday.lab.topology";

    private static Lab instance;
    /**
     * Set once this JVM has its shared lab. A system property, since every class loader that loads
     * this class has a static {@link #instance} of its own: the plain tests, after Quarkus' tests,
     * used to start the lab all over again.
     */
    private static final String RUNNING_PROPERTY = "gameday.lab.running";

    static {
        Awaits.install();
    }

    private final Path projectDir;
    private final List<String> compose;
    private final String name;
    private final int firstClientPort;
    private final int firstMetricsPort;
    private final List<String> overrides;
    private final boolean secured;
    private final boolean integrations;
    private final boolean controllers;

    private Lab(Path projectDir, String name, int firstClientPort, int firstMetricsPort, List<String> overrides,
                boolean secured) {
        this(projectDir, name, firstClientPort, firstMetricsPort, overrides, secured, false);
    }

    private Lab(Path projectDir, String name, int firstClientPort, int firstMetricsPort, List<String> overrides,
                boolean secured, boolean integrations) {
        this.projectDir = projectDir;
        this.compose = composeCommand();
        this.name = name;
        this.firstClientPort = firstClientPort;
        this.firstMetricsPort = firstMetricsPort;
        this.overrides = overrides;
        this.secured = secured;
        this.integrations = integrations;
        this.controllers = overrides.contains(CONTROLLERS_FILE);
    }

    /**
     * A lab of its own with the compose profile {@code integrations} (two Kafka Connect workers),
     * compose project {@value #INTEGRATIONS_NAME} on ports from 49091, Connect's REST API on
     * {@value #FIRST_CONNECT_PORT} and the next. Started on each call; removed by {@link #close()}
     * and at the latest when the JVM exits. Never the shared test lab: its workers and their topics
     * would change what every other test measures.
     */
    public static Lab withIntegrations() {
        Lab lab = new Lab(projectDir(), INTEGRATIONS_NAME, 49091, 49401, List.of(), true, true);
        Runtime.getRuntime().addShutdownHook(new Thread(lab::destroy, INTEGRATIONS_NAME + "-down"));
        lab.start();
        return lab;
    }

    /** The REST API of a Connect worker of an integrations lab, from the host: http://127.0.0.1:49083. */
    public String connectUrl(String worker) {
        return "http://127.0.0.1:" + (FIRST_CONNECT_PORT + WORKERS.indexOf(worker));
    }

    /** The JMX exporter of a Connect worker or registry node of an integrations lab, from the host. */
    public String integrationMetricsUrl(String service) {
        int offset = WORKERS.contains(service) ? 10 + WORKERS.indexOf(service) : 20 + REGISTRIES.indexOf(service);
        return "http://127.0.0.1:" + (firstMetricsPort + offset) + "/metrics";
    }

    /** The REST API of a schema registry node of an integrations lab, from the host: http://127.0.0.1:49990. */
    public String registryUrl(String node) {
        return "http://127.0.0.1:" + (FIRST_REGISTRY_PORT + REGISTRIES.indexOf(node));
    }

    /**
     * FOR BENCHMARKS ONLY: a second lab, compose project gdplain on ports 39091-39093, with PLAINTEXT
     * listeners and no authorizer (compose/plaintext.yml), to measure what security costs. Started on
     * each call, removed when the JVM exits.
     */
    public static Lab plaintextForBenchmarks() {
        Lab lab = new Lab(projectDir(), "gdplain", 39091, 39401, List.of("compose/plaintext.yml"), false);
        lab.start();
        Runtime.getRuntime().addShutdownHook(new Thread(lab::destroy, "gdplain-down"));
        return lab;
    }

    /**
     * FOR BENCHMARKS: a secured lab of its own, compose project {@value #BENCHMARK_NAME} on ports from 39091, with
     * extra compose files layered on the lab's (compose/stock.yml, say). Started on each call,
     * removed by {@link #close()} and at the latest when the JVM exits.
     */
    public static Lab forBenchmarks(List<String> overrides) {
        Lab lab = new Lab(projectDir(), BENCHMARK_NAME, 39091, 39401, overrides, true);
        lab.start();
        Runtime.getRuntime().addShutdownHook(new Thread(lab::destroy, BENCHMARK_NAME + "-down"));
        return lab;
    }

    /** Stops and removes a benchmark lab, volumes included. */
    public void close() {
        destroy();
    }

    /** The compose project name, also the prefix of every container name. */
    public String name() {
        return name;
    }

    /** The Docker network the lab's containers share. */
    public String network() {
        return name + "_default";
    }

    /** Client settings for a lab without security (the benchmark's PLAINTEXT lab). */
    public Map<String, Object> plaintextConfig() {
        return new HashMap<>(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /**
     * The running lab, started on first use. Every later call first waits until the cluster has
     * settled (three brokers registered, every ISR full), so that no test starts on the wreckage
     * of another.
     */
    public static synchronized Lab get() {
        if (instance != null) {
            long started = System.nanoTime();
            instance.awaitSettled(Duration.ofMinutes(3));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (ms >= 1_000) { // the fixed cost of a test is what it waits here: say so (docs/testing.md)
                System.out.printf("[lab] settled after %d ms for %s%n", ms, caller());
            }
        } else if (System.getProperty(RUNNING_PROPERTY) != null) {
            // started by this JVM under another class loader (a Quarkus test's has a Lab class of its
            // own): the same lab, already owned and removed at exit by the instance that started it
            instance = shared();
            instance.awaitSettled(Duration.ofMinutes(3));
        } else {
            Lab lab = shared();
            Prestart.Outcome prestart = new Prestart(lab.name, lab.controllers).adopt(Duration.ofMinutes(6));
            if (prestart instanceof Prestart.Outcome.Ready ready) {
                System.out.printf("[lab] took over the lab started during the build (up in %d s)%n",
                        ready.took().toSeconds());
                lab.awaitSettled(Duration.ofMinutes(3));
            } else {
                if (prestart instanceof Prestart.Outcome.Failed failed) {
                    System.out.printf("[lab] starting the lab during the build failed (%s): starting it again%n",
                            failed.why());
                }
                lab.start();
            }
            instance = lab;
            System.setProperty(RUNNING_PROPERTY, lab.name);
            if (!"1".equals(System.getenv("GAMEDAY_KEEP_LAB"))) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    lab.destroy();
                    new Prestart(lab.name, lab.controllers).clear();
                }, "lab-down"));
            }
        }
        return instance;
    }

    /** The shared test lab of this JVM's topology (-Dgameday.lab.topology), not started. */
    static Lab shared() {
        List<String> topology = "controllers".equals(System.getProperty(TOPOLOGY_PROPERTY))
                ? List.of(CONTROLLERS_FILE) : List.of();
        return new Lab(projectDir(), NAME, FIRST_CLIENT_PORT, FIRST_METRICS_PORT, topology, true);
    }

    /** The test class that asked, for the settle log line. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .filter(name -> name.matches("\\w+(IT|Test|Bench)(\\$.*)?")).findFirst().orElse("?"));
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("gameday.project.dir", ".")).toAbsolutePath().normalize();
    }

    public String bootstrapServers() {
        return String.join(",", IntStream.range(0, NODES.size())
                .mapToObj(i -> "127.0.0.1:" + (firstClientPort + i))
                .toList());
    }

    /** The Docker container name of a compose service, e.g. kafka-2 -> gdtest-kafka-2. */
    public String container(String service) {
        return name + "-" + service;
    }

    /** Container name of the node with this Kafka node id: a broker 1-3, a dedicated controller 101-103. */
    public String containerOfNode(int nodeId) {
        return container(nodeId > 100 ? "controller-" + (nodeId - 100) : "kafka-" + nodeId);
    }

    /** The JMX exporter of a Kafka node, from the host: a broker 1-3, a dedicated controller 101-103. */
    public String metricsUrl(int nodeId) {
        int offset = nodeId > 100 ? 30 + nodeId - 101 : nodeId - 1;
        return "http://127.0.0.1:" + (firstMetricsPort + offset) + "/metrics";
    }

    /** Whether this lab runs dedicated controllers (compose/controllers.yml) beside its brokers. */
    public boolean dedicatedControllers() {
        return controllers;
    }

    /** The compose services of its Kafka nodes: the brokers, and its dedicated controllers if it has them. */
    public List<String> nodes() {
        return controllers ? Stream.concat(NODES.stream(), CONTROLLERS.stream()).toList() : NODES;
    }

    /** compose/secrets: the CA, key stores and passwords compose/certs.sh made for the lab. */
    public static Path secrets() {
        return projectDir().resolve("compose/secrets");
    }

    /**
     * Config the service needs to work against this lab, as the gameday principal over SASL_SSL. A
     * service that dies holding the lab lease keeps the others out for 20 s, not a minute.
     */
    public Map<String, String> serviceConfig() {
        return Map.of("gameday.lease.ttl", "20s",
                "gameday.kafka.bootstrap-servers", bootstrapServers(),
                "gameday.kafka.cluster", name,
                "gameday.kafka.security-protocol", "SASL_SSL",
                "gameday.kafka.sasl.username", "gameday",
                "gameday.kafka.sasl.password-file", secrets().resolve("gameday.password").toString(),
                "gameday.kafka.ssl.truststore", secrets().resolve("truststore.p12").toString(),
                "gameday.kafka.ssl.truststore-password-file", secrets().resolve("keystore.password").toString());
    }

    /** Client settings of the admin principal (a super user), for what the tests set up and check. */
    public Map<String, Object> adminConfig() {
        return clientConfig("admin", secret("admin.password"));
    }

    /** Client settings of the gameday principal, as restricted as the service. */
    public Map<String, Object> gamedayConfig() {
        return clientConfig("gameday", secret("gameday.password"));
    }

    /** SASL_SSL with these credentials and the lab's trust store. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        config.put("ssl.truststore.location", secrets().resolve("truststore.p12").toString());
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.password", secret("keystore.password"));
        return config;
    }

    public static String secret(String file) {
        try {
            return Files.readString(secrets().resolve(file)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the lab's secret " + file + " cannot be read: run compose/certs.sh", e);
        }
    }

    void start() {
        Docker.exec(Duration.ofMinutes(2), List.of("bash", projectDir().resolve("compose/certs.sh").toString()), Map.of());
        destroy(); // what a killed test JVM left of this lab
        List<String> up = new ArrayList<>(List.of("up", "-d"));
        up.addAll(nodes());
        run(Duration.ofMinutes(3), up.toArray(String[]::new));
        // The registry needs no broker: its chain (database, first node healthy, second node) starts
        // beside the brokers' start instead of after it (about 30 s of an integrations lab's start).
        CompletableFuture<Void> registries = integrations
                ? CompletableFuture.runAsync(() -> run(Duration.ofMinutes(5), "--profile", "integrations", "up", "-d",
                        REGISTRIES.get(0), REGISTRIES.get(1)))
                : CompletableFuture.completedFuture(null);
        awaitHealthy(Duration.ofMinutes(3));
        if (!secured) {
            awaitSettled(Duration.ofMinutes(3), plaintextConfig());
            return; // a benchmark lab without security has no ACLs to grant
        }
        run(Duration.ofMinutes(3), "up", "kafka-init"); // grants the gameday principal its ACLs, then exits
        String init = Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.ExitCode}}", container("kafka-init"));
        if (!init.strip().equals("0")) {
            throw new IllegalStateException("kafka-init exited with " + init.strip() + ":\n"
                    + Docker.output(Duration.ofSeconds(10), "logs", container("kafka-init")));
        }
        if (integrations) {
            run(Duration.ofMinutes(5), "--profile", "integrations", "up", "-d", WORKERS.get(0), WORKERS.get(1));
            registries.join();
            awaitIntegrationsHealthy(Duration.ofMinutes(3));
        }
        awaitSettled(Duration.ofMinutes(3));
    }

    /**
     * Both Connect workers answer their REST API with the list of connectors, both registry nodes a
     * lookup (their health checks).
     */
    public void awaitIntegrationsHealthy(Duration within) {
        Awaitility.await("both Connect workers and both registry nodes healthy")
                .atMost(within)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Stream.concat(WORKERS.stream(), REGISTRIES.stream())
                        .map(service -> container(service) + " " + state(container(service)))
                        .toList(), states -> states.stream().allMatch(state -> state.endsWith(" healthy")));
    }

    /**
     * Every node healthy, the metadata quorum answering with a leader (a DescribeQuorum right after a
     * controller's fault failed once with UNKNOWN_SERVER_ERROR, CI 2026-12-07), all three brokers
     * registered, no under-replicated partition.
     */
    public void awaitSettled(Duration within) {
        awaitSettled(within, adminConfig());
    }

    private void awaitSettled(Duration within, Map<String, Object> client) {
        awaitHealthy(within);
        try (Admin admin = Admin.create(client)) {
            Awaitility.await("a metadata quorum with a leader, three brokers registered and every ISR full")
                    .atMost(within)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> admin.describeMetadataQuorum().quorumInfo().get().leaderId() >= 0
                            && admin.describeCluster().nodes().get().size() == NODES.size()
                            && admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                                    .allTopicNames().get().values().stream()
                                    .flatMap(t -> t.partitions().stream())
                                    .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size()));
        }
    }

    /**
     * Every Kafka node's health check passes. If one does not in time, the error says of each node
     * what Docker knows (state, the health check's last output) and ends with the last log lines of
     * the ones not healthy: a CI run on another machine leaves nothing else to read.
     */
    public void awaitHealthy(Duration within) {
        try {
            Awaitility.await("all lab nodes healthy")
                    .atMost(within)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> nodes().stream().allMatch(node -> "healthy".equals(health(container(node)))));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the lab's nodes were not all healthy within " + within + ":\n"
                    + unhealthyReport(), e);
        }
    }

    private String unhealthyReport() {
        StringBuilder report = new StringBuilder();
        List<String> unhealthy = new ArrayList<>();
        for (String node : nodes()) {
            String state = state(container(node));
            report.append("  ").append(container(node)).append(": ").append(state);
            if (!state.endsWith(" healthy")) {
                unhealthy.add(node);
                report.append(", health checks (exit code, output), oldest first: ").append(healthChecks(container(node)));
            }
            report.append('\n');
        }
        try {
            report.append("running on the engine:\n").append(Docker.output(Duration.ofSeconds(10), "ps",
                    "--format", "  {{.Names}} {{.Status}}"));
        } catch (IllegalStateException e) {
            report.append("docker ps failed: ").append(e.getMessage().lines().findFirst().orElse("")).append('\n');
        }
        for (String node : unhealthy) {
            report.append("last log lines of ").append(container(node)).append(":\n");
            try {
                report.append(Docker.output(Duration.ofSeconds(10), "logs", "--tail", "30", container(node)));
            } catch (IllegalStateException e) {
                report.append("  (none: ").append(e.getMessage().lines().findFirst().orElse("")).append(")\n");
            }
        }
        return report.toString();
    }

    private static String healthChecks(String container) {
        try {
            return Docker.output(Duration.ofSeconds(10), "inspect", "-f",
                    "{{with .State.Health}}{{range .Log}}{{.ExitCode}} {{printf \"%q\" .Output}}; {{end}}{{end}}",
                    container).strip();
        } catch (IllegalStateException e) {
            return "unknown";
        }
    }

    /** "running healthy", "exited 2 unhealthy", or the error of a container that is not there. */
    private static String state(String container) {
        try {
            return Docker.output(Duration.ofSeconds(10), "inspect", "-f",
                    "{{.State.Status}} {{if eq .State.Status \"exited\"}}{{.State.ExitCode}} {{end}}{{.State.Health.Status}}",
                    container).strip();
        } catch (IllegalStateException e) {
            return "missing";
        }
    }

    private static String health(String container) {
        return Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Health.Status}}", container).strip();
    }

    /**
     * Saves the logs, then removes the lab. Its data goes with it, so no node needs a graceful stop:
     * one second each ({@code -t 1}), not compose's ten, which made a dedicated-controller lab's removal
     * outlast the 30 s Surefire gives a JVM's shutdown hooks (CI, 2026-12-06).
     */
    void destroy() {
        saveLogs();
        if (integrations) {
            run(Duration.ofMinutes(2), "--profile", "integrations", "down", "-t", "1", "-v", "--remove-orphans");
        } else {
            run(Duration.ofMinutes(2), "down", "-t", "1", "-v", "--remove-orphans");
        }
    }

    /**
     * The brokers' logs (and an integrations lab's workers' and registry nodes'), into target/lab-logs/LAB/
     * before the lab goes: after a failed CI run they are what tells a broker fenced under load from
     * one that never came back. Best effort.
     */
    private void saveLogs() {
        // one directory per lab: the first and the last Failsafe execution both run a lab named gdtest
        Path dir = projectDir.resolve("target/lab-logs").resolve(controllers ? name + "-controllers" : name);
        List<String> services = integrations
                ? Stream.of(nodes(), WORKERS, REGISTRIES).flatMap(List::stream).toList()
                : nodes();
        // all at once: one by one they took up to a few seconds each
        Map<String, Process> running = new HashMap<>();
        for (String node : services) {
            try {
                Files.createDirectories(dir);
                running.put(node, new ProcessBuilder("docker", "logs", "--timestamps", container(node))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(container(node) + ".log.partial").toFile())
                        .start());
            } catch (IOException e) {
                System.err.println("[lab] the logs of " + container(node) + " were not saved: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Map.Entry<String, Process> entry : running.entrySet()) {
            Path partial = dir.resolve(container(entry.getKey()) + ".log.partial");
            Process logs = entry.getValue();
            try {
                if (!logs.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    logs.destroyForcibly().waitFor();
                }
                if (logs.exitValue() == 0) {
                    Files.move(partial, dir.resolve(container(entry.getKey()) + ".log"), StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.delete(partial); // gone already (the lab is removed twice: its owner, then the JVM's exit)
                }
            } catch (IOException | IllegalThreadStateException e) {
                System.err.println("[lab] the logs of " + container(entry.getKey()) + " were not saved: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("LAB_NAME", name);
        env.put("COMPOSE_PROJECT_NAME", name);
        for (int i = 0; i < NODES.size(); i++) {
            env.put("KAFKA_" + (i + 1) + "_PORT", String.valueOf(firstClientPort + i));
            env.put("KAFKA_" + (i + 1) + "_METRICS_PORT", String.valueOf(firstMetricsPort + i));
            env.put("CONTROLLER_" + (i + 1) + "_METRICS_PORT", String.valueOf(firstMetricsPort + 30 + i));
        }
        if (integrations) {
            for (int i = 0; i < WORKERS.size(); i++) {
                env.put("CONNECT_" + (i + 1) + "_PORT", String.valueOf(FIRST_CONNECT_PORT + i));
                env.put("CONNECT_" + (i + 1) + "_METRICS_PORT", String.valueOf(firstMetricsPort + 10 + i));
                env.put("REGISTRY_" + (i + 1) + "_PORT", String.valueOf(FIRST_REGISTRY_PORT + i));
                env.put("REGISTRY_" + (i + 1) + "_METRICS_PORT", String.valueOf(firstMetricsPort + 20 + i));
            }
        }
        if (!name.equals(BENCHMARK_NAME)) {
            env.put("KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m"); // tests run next to a Maven JVM; benchmarks get the lab's 1 GiB
        }
        return env;
    }

    private void run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", projectDir.resolve("compose/docker-compose.yml").toString()));
        overrides.forEach(file -> command.addAll(List.of("-f", projectDir.resolve(file).toString())));
        command.addAll(List.of("-p", name));
        command.addAll(List.of(args));
        Docker.exec(timeout, command, environment());
    }

    /** docker compose v2 where it is installed, docker-compose v1 otherwise. */
    private static List<String> composeCommand() {
        try {
            Docker.exec(Duration.ofSeconds(20), List.of("docker", "compose", "version"), Map.of());
            return List.of("docker", "compose");
        } catch (IllegalStateException v2Missing) {
            return List.of("docker-compose");
        }
    }

    /** Small wrapper around the docker CLI for test set-up; the code under test uses docker-java. */
    public static final class Docker {
        private Docker() {}

        public static String output(Duration timeout, String... args) {
            List<String> command = new ArrayList<>(List.of("docker"));
            command.addAll(List.of(args));
            return exec(timeout, command, Map.of());
        }

        public static String exec(Duration timeout, List<String> command, Map<String, String> env) {
            try {
                Path log = Files.createTempFile("lab-cmd", ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                Files.delete(log);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                            + ":\n" + output);
                }
                return output;
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
        }
    }
}
