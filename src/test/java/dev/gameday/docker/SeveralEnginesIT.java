package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.FakeTime;
import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultJournal;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.JournalEntry;
import dev.gameday.fault.NetemSupport;
import dev.gameday.fault.PauseFault;
import dev.gameday.kafka.TestKafkaConfig;
import dev.gameday.run.Preflight;
import dev.gameday.target.TargetResolver;
import dev.gameday.target.TargetSelector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab on two engines (real Docker, real HAProxy): host-a on the engine's unix socket, host-b on
 * the TLS endpoint of the project's socket proxy, which requires a client certificate. Both lead
 * to this machine's one engine, so what tells them apart is the proxy's log: every change to
 * host-b's container goes through it, none to host-a's (both engines are read, to see where each
 * container is). A fault on both is journalled with each
 * container's engine and recovered on each; a container on a host no engine holds and an engine
 * that does not answer are refused before anything is injected, named.
 */
class SeveralEnginesIT {

    static final String CLUSTER = "enginesit-" + UUID.randomUUID().toString().substring(0, 8);
    static final String TEST_LABEL = "gameday.test.several-engines";

    static DockerProxy proxy;
    static String onA;
    static String onB;

    @TempDir
    Path dir;

    ContainerRuntime router;

    @BeforeAll
    static void startProxyAndLab() throws Exception {
        proxy = DockerProxy.mutualTls();
        onA = node("a");
        onB = node("b");
    }

    /** A throwaway container of the cluster on {@code host-<host>}, made on the engine directly. */
    private static String node(String host) throws Exception {
        return docker("run", "-d", "--label", TEST_LABEL + "=" + CLUSTER, "--label", "gameday.target=true",
                "--label", "gameday.cluster=" + CLUSTER, "--label", "gameday.host=host-" + host,
                "--name", CLUSTER + "-" + host, "alpine:3.17", "sleep", "600");
    }

    @AfterAll
    static void stopProxyAndLab() throws Exception {
        for (String id : docker("ps", "-aq", "--filter", "label=" + TEST_LABEL + "=" + CLUSTER).split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void router() {
        router = routerTo(proxy.host(), Optional.of(proxy.certs(DockerProxy.Client.GOOD)));
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) router).close();
    }

    /** The service's runtime as the configuration below makes it: engine local (the socket), engine remote. */
    private static ContainerRuntime routerTo(String remoteHost, Optional<Path> remoteCerts) {
        Map<String, EnginesConfig.Engine> engines = new LinkedHashMap<>();
        engines.put("local", engine(Optional.empty(), Optional.empty(), CLUSTER + "/host-a"));
        engines.put("remote", engine(Optional.of(remoteHost), remoteCerts, CLUSTER + "/host-b"));
        return DockerRuntimeProducer.create(LocalDocker.config(), () -> engines);
    }

    private static EnginesConfig.Engine engine(Optional<String> host, Optional<Path> certs, String... hosts) {
        return new EnginesConfig.Engine() {
            public Optional<String> host() {
                return host;
            }

            public boolean tlsVerify() {
                return certs.isPresent();
            }

            public Optional<String> certPath() {
                return certs.map(Path::toString);
            }

            public List<String> hosts() {
                return List.of(hosts);
            }
        };
    }

    @Test
    void aFaultOnBothHostsGoesToEachOnesEngineAndIsRevertedThere() throws Exception {
        String before = proxy.log();
        FaultInjector injector = new FaultFixture(dir, router).injector();
        ActiveFault fault = injector.inject(pauseBoth());

        assertThat(state(onA)).isEqualTo("paused");
        assertThat(state(onB)).isEqualTo("paused");
        String during = proxy.log().substring(before.length());
        assertThat(during).contains("POST /containers/" + onB + "/pause").doesNotContain("POST /containers/" + onA);

        injector.revert(fault.id(), "test");
        assertThat(state(onA)).isEqualTo("running");
        assertThat(state(onB)).isEqualTo("running");
        String after = proxy.log().substring(before.length());
        assertThat(after).contains("POST /containers/" + onB + "/unpause").doesNotContain("POST /containers/" + onA);
    }

    @Test
    void theJournalRecordsEachEffectsEngineAndANewServiceRevertsOnEach() throws Exception {
        new FaultFixture(dir, router).injector().inject(pauseBoth());
        JournalEntry open = new FaultJournal(dir.resolve("journal.jsonl")).open().get(0);
        assertThat(open.engines()).containsExactlyInAnyOrderEntriesOf(Map.of(
                onA, "unix:///var/run/docker.sock", onB, proxy.host()));

        // the service is gone with the fault on; the next one, with a runtime of its own, recovers it
        String before = proxy.log();
        ContainerRuntime next = routerTo(proxy.host(), Optional.of(proxy.certs(DockerProxy.Client.GOOD)));
        try {
            new FaultFixture(dir, next).recoveredService();
        } finally {
            ((AutoCloseable) next).close();
        }
        assertThat(state(onA)).isEqualTo("running");
        assertThat(state(onB)).isEqualTo("running");
        assertThat(proxy.log().substring(before.length())).contains("POST /containers/" + onB + "/unpause")
                .doesNotContain("POST /containers/" + onA);
        assertThat(new FaultJournal(dir.resolve("journal.jsonl")).open()).isEmpty();
    }

    @Test
    void aHelperInTheNetworkOfAContainerRunsOnThatContainersEngine() throws Exception {
        String before = proxy.log();
        HelperResult result = router.runInNetworkOf(onB, List.of("bash", "-c", "ip -o link show | grep -c ."));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(proxy.log().substring(before.length())).contains("POST /containers/create");
        // the helper is removed in the background once it has exited, also through the proxy
        Awaitility.await("the helper's removal through the proxy").atMost(Duration.ofSeconds(30))
                .until(() -> proxy.log().substring(before.length()).contains("DELETE /containers/"));
    }

    @Test
    void readinessIsUpNamingBothEnginesAndDownNamingTheOneThatDoesNotAnswer() throws Exception {
        assertThat(readiness(router).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(readiness(router).getData().orElseThrow().get("endpoint"))
                .isEqualTo("local unix:///var/run/docker.sock, remote " + proxy.host());

        try (DockerProxy nowhere = DockerProxy.plain("/nonexistent/docker.sock", List.of())) {
            ContainerRuntime broken = routerTo(nowhere.host(), Optional.empty());
            try {
                HealthCheckResponse down = readiness(broken);
                assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(down.getData().orElseThrow().get("error").toString())
                        .startsWith("engine remote: Docker at " + nowhere.host() + " did not answer");

                assertThatThrownBy(() -> preflight(broken).problems(pause("target: { label: gameday.cluster=" + CLUSTER
                        + " }"))).isInstanceOf(DockerUnavailableException.class)
                        .hasMessageStartingWith("Docker at " + nowhere.host() + " did not answer while trying to ask "
                                + "whether it allows ");
                assertThat(state(onA)).isEqualTo("running");
            } finally {
                ((AutoCloseable) broken).close();
            }
        }
    }

    @Test
    void aContainerOnAHostNoEngineHoldsIsRefusedByThePreflightNamingTheHost() throws Exception {
        String onC = node("c");
        assertThat(preflight(router).problems(pause("target: { name: " + CLUSTER + "-c }"))).singleElement().asString()
                .isEqualTo("steps[0].target.name: container " + CLUSTER + "-c (id " + onC.substring(0, 12) + ") is on "
                        + "host " + CLUSTER + "/host-c, which no engine holds: list it in gameday.engines.<engine>.hosts "
                        + "(engines: local [" + CLUSTER + "/host-a], remote [" + CLUSTER + "/host-b])");
        assertThatThrownBy(() -> new FaultFixture(dir, router).injector().inject(pauseBoth()))
                .isInstanceOf(UnplacedContainerException.class);
        assertThat(state(onC)).isEqualTo("running");
        assertThat(state(onA)).isEqualTo("running");
        docker("rm", "-f", onC);
    }

    private static FaultRequest pauseBoth() {
        return new FaultRequest("run-1", "several-engines", 1, new PauseFault(),
                new TargetSelector(null, "gameday.cluster=" + CLUSTER, null, null, null, null, null, null),
                Duration.ofMinutes(1), new Random(1));
    }

    private static Experiment pause(String target) {
        var parsed = DefinitionParser.parse("test", """
                name: several-engines-pause
                steps:
                  - fault: pause
                    %s
                    duration: 10s
                """.formatted(target), Experiment.class);
        assertThat(parsed.errors()).isEmpty();
        return parsed.value();
    }

    private Preflight preflight(ContainerRuntime runtime) {
        FaultFixture fixture = new FaultFixture(dir, runtime);
        TargetResolver resolver = new TargetResolver(runtime, fixture.roles, fixture.safety(),
                TestKafkaConfig.plain("kafka-1:9092", Optional.of(CLUSTER)));
        return new Preflight(runtime, new NetemSupport(runtime), resolver, fixture.roles);
    }

    private static HealthCheckResponse readiness(ContainerRuntime runtime) {
        EngineWatch watch = new EngineWatch(runtime, new FakeTime(Instant.now()),
                new EngineWatchTest.Recorded(new ArrayList<>()));
        return new DockerReadiness(runtime, watch).call();
    }

    private static String state(String id) throws Exception {
        return docker("inspect", "-f", "{{.State.Status}}", id);
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
        return output;
    }
}
