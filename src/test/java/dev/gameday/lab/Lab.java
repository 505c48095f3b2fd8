package dev.gameday.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.awaitility.Awaitility;

/**
 * The real lab for integration tests: the three Kafka nodes of compose/docker-compose.yml, started
 * once per test JVM as compose project {@value #NAME} on their own host ports, so that a lab a user
 * runs next to the tests is never touched. Stopped and removed, volumes included, when the JVM exits
 * (unless GAMEDAY_KEEP_LAB=1).
 */
public final class Lab {

    public static final String NAME = "gdtest";
    public static final int FIRST_CLIENT_PORT = 29091;
    public static final int FIRST_METRICS_PORT = 29401;
    public static final List<String> NODES = List.of("kafka-1", "kafka-2", "kafka-3");

    private static Lab instance;

    private final Path projectDir;
    private final List<String> compose;

    private Lab(Path projectDir) {
        this.projectDir = projectDir;
        this.compose = composeCommand();
    }

    /**
     * The running lab, started on first use. Every later call first waits until the cluster has
     * settled (three brokers registered, every ISR full), so that no test starts on the wreckage
     * of another.
     */
    public static synchronized Lab get() {
        if (instance != null) {
            instance.awaitSettled(Duration.ofMinutes(3));
        } else {
            Lab lab = new Lab(projectDir());
            lab.start();
            instance = lab;
            if (!"1".equals(System.getenv("GAMEDAY_KEEP_LAB"))) {
                Runtime.getRuntime().addShutdownHook(new Thread(lab::destroy, "lab-down"));
            }
        }
        return instance;
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("gameday.project.dir", ".")).toAbsolutePath().normalize();
    }

    public String bootstrapServers() {
        return String.join(",", IntStream.range(0, NODES.size())
                .mapToObj(i -> "127.0.0.1:" + (FIRST_CLIENT_PORT + i))
                .toList());
    }

    /** The Docker container name of a compose service, e.g. kafka-2 -> gdtest-kafka-2. */
    public String container(String service) {
        return NAME + "-" + service;
    }

    /** Container name of the node with this Kafka node id. */
    public String containerOfNode(int nodeId) {
        return container("kafka-" + nodeId);
    }

    /** Config the service needs to work against this lab. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "gameday.kafka.bootstrap-servers", bootstrapServers(),
                "gameday.kafka.cluster", NAME);
    }

    private void start() {
        run(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
        run(Duration.ofMinutes(3), "up", "-d", NODES.get(0), NODES.get(1), NODES.get(2));
        awaitSettled(Duration.ofMinutes(3));
    }

    /** Every node healthy, all three brokers registered, no under-replicated partition. */
    public void awaitSettled(Duration within) {
        awaitHealthy(within);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            Awaitility.await("three brokers registered and every ISR full")
                    .atMost(within)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get().size() == NODES.size()
                            && admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                                    .allTopicNames().get().values().stream()
                                    .flatMap(t -> t.partitions().stream())
                                    .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size()));
        }
    }

    public void awaitHealthy(Duration within) {
        Awaitility.await("all lab nodes healthy")
                .atMost(within)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> NODES.stream().allMatch(node -> "healthy".equals(health(container(node)))));
    }

    private static String health(String container) {
        return Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Health.Status}}", container).strip();
    }

    private void destroy() {
        run(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("LAB_NAME", NAME);
        env.put("COMPOSE_PROJECT_NAME", NAME);
        for (int i = 0; i < NODES.size(); i++) {
            env.put("KAFKA_" + (i + 1) + "_PORT", String.valueOf(FIRST_CLIENT_PORT + i));
            env.put("KAFKA_" + (i + 1) + "_METRICS_PORT", String.valueOf(FIRST_METRICS_PORT + i));
        }
        env.put("KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m");
        return env;
    }

    private void run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", projectDir.resolve("compose/docker-compose.yml").toString(), "-p", NAME));
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

        static String exec(Duration timeout, List<String> command, Map<String, String> env) {
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
