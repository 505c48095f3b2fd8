package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultJournal;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.JournalEntry;
import dev.gameday.fault.KillFault;
import dev.gameday.fault.PauseFault;
import dev.gameday.target.TargetSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router over two fake engines that see the same containers, as the unix socket and a TLS
 * endpoint of one machine's engine do: each container is on the engine its host is configured on,
 * and every call about it goes there; the journal records each effect's engine and recovery reaches
 * each; a container on no configured engine, or an engine that does not answer, is named.
 */
class EngineRouterTest {

    final RecordingRuntime local = new RecordingRuntime("unix:///var/run/docker.sock");
    final RecordingRuntime remote = new RecordingRuntime("tcp://127.0.0.1:2376");
    final EngineRouter.Engine localEngine = new EngineRouter.Engine("local", local, List.of("test/host-a"));
    final EngineRouter.Engine remoteEngine = new EngineRouter.Engine("remote", remote, List.of("test/host-b"));
    final EngineRouter router = new EngineRouter(List.of(localEngine, remoteEngine), localEngine);

    @TempDir
    Path dir;

    EngineRouterTest() {
        node(1, "host-a");
        node(2, "host-b");
        node(3, "host-b");
    }

    /** Kafka node N on both fakes (one engine behind two endpoints), on {@code host} of cluster "test". */
    private void node(int id, String host) {
        ContainerInfo node = new ContainerInfo("id-kafka-" + id, "kafka-" + id, ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.kafka.node-id", String.valueOf(id), "gameday.cluster", "test",
                        ContainerRuntime.HOST_LABEL, host),
                Map.of("lab", new ContainerInfo.NetworkEndpoint("172.20.0." + (10 + id))), 0, 0);
        local.add(node);
        remote.add(node);
    }

    @Test
    void eachContainerIsSeenOnceAndEveryCallAboutItGoesToTheEngineOfItsHost() {
        assertThat(router.list(Map.of("gameday.cluster", "test"))).extracting(ContainerInfo::name)
                .containsExactly("kafka-1", "kafka-2", "kafka-3");

        router.kill("id-kafka-1", "SIGKILL");
        router.pause("id-kafka-2");
        router.runInNetworkOf("id-kafka-3", List.of("bash", "-c", "true"));
        assertThat(local.calls()).containsExactly("kill id-kafka-1 SIGKILL");
        assertThat(remote.calls()).containsExactly("pause id-kafka-2", "helper in id-kafka-3: bash -c\ntrue");
        assertThat(router.engineOf("id-kafka-3")).isEqualTo("tcp://127.0.0.1:2376");
        assertThat(router.engineOf("id-kafka-1")).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void aContainerFirstNamedByACallIsFoundOnItsOwnEngine() {
        assertThat(router.inspect("kafka-2").id()).isEqualTo("id-kafka-2");
        router.restart("id-kafka-3", Duration.ofSeconds(5)); // never listed nor inspected before
        assertThat(remote.calls()).containsExactly("restart id-kafka-3 5s");
        assertThat(local.calls()).isEmpty();
    }

    @Test
    void helpersAndTheLeaseAreOnTheHomeEngineUnlessTheirEngineLabelSaysOtherwise() {
        router.startNamed("gameday-lease-test", Map.of(ContainerRuntime.LEASE_LABEL, "test"), List.of("sleep", "60"));
        router.runIsolated(List.of("tc", "qdisc", "show"));
        assertThat(remote.calls()).isEmpty();

        ContainerInfo helper = new ContainerInfo("id-helper", "helper", ContainerState.EXITED, 0,
                Map.of(ContainerRuntime.HELPER_LABEL, "true", ContainerRuntime.ENGINE_LABEL, "remote"), Map.of(), 0, 0);
        local.add(helper);
        remote.add(helper);
        assertThat(router.list(Map.of(ContainerRuntime.HELPER_LABEL, "true"))).extracting(ContainerInfo::id)
                .containsExactly("id-helper");
        router.remove("id-helper");
        assertThat(remote.calls()).containsExactly("remove id-helper");
    }

    @Test
    void aContainerOnAHostNoEngineHoldsIsListedButNothingIsDoneToItAndTheStepIsRefusedBeforeAnyCall() {
        node(4, "host-c");
        assertThat(router.list(Map.of("gameday.cluster", "test"))).extracting(ContainerInfo::name).contains("kafka-4");

        assertThatThrownBy(() -> router.kill("id-kafka-4", "SIGKILL")).isInstanceOf(UnplacedContainerException.class)
                .hasMessage("container kafka-4 (id id-kafka-4) is on host test/host-c, which no engine holds: list it "
                        + "in gameday.engines.<engine>.hosts (engines: local [test/host-a], remote [test/host-b])");

        FaultInjector injector = new FaultFixture(dir, router).injector();
        assertThatThrownBy(() -> injector.inject(new FaultRequest("run-1", "test", 1, new KillFault("SIGKILL"),
                TargetSelector.byName("kafka-4"), Duration.ofSeconds(30), new Random(1))))
                .isInstanceOf(UnplacedContainerException.class).hasMessageContaining("host test/host-c");
        assertThat(local.calls()).isEmpty();
        assertThat(remote.calls()).isEmpty();
    }

    @Test
    void anEngineThatDoesNotAnswerIsNamedAndTheOtherGoesOn() {
        router.list(Map.of("gameday.cluster", "test"));
        remote.engineGone(true);

        assertThatThrownBy(router::ping).isInstanceOf(DockerUnavailableException.class)
                .hasMessageStartingWith("engine remote: Docker at tcp://127.0.0.1:2376 did not answer");
        assertThatThrownBy(() -> router.pause("id-kafka-2")).isInstanceOf(DockerUnavailableException.class)
                .hasMessageStartingWith("Docker at tcp://127.0.0.1:2376 did not answer");
        router.pause("id-kafka-1");
        assertThat(local.calls()).containsExactly("pause id-kafka-1");
    }

    @Test
    void anOperationOneEngineCannotPerformIsRefusedNamingTheEngine() {
        remote.without(RuntimeOperation.PAUSE, "its socket proxy refuses POST /containers/{id}/pause");
        assertThat(router.unsupported(RuntimeOperation.PAUSE))
                .contains("on engine remote: its socket proxy refuses POST /containers/{id}/pause");
        assertThat(router.unsupported(RuntimeOperation.KILL)).isEmpty();
    }

    @Test
    void aFaultOnTwoEnginesIsJournalledWithEachEffectsEngineAndRecoveryRevertsEachOnItsOwn() throws Exception {
        FaultFixture fixture = new FaultFixture(dir, router);
        ActiveFault fault = fixture.injector().inject(new FaultRequest("run-1", "test", 1, new PauseFault(),
                new TargetSelector(null, "gameday.cluster=test", null, null, null, null, null, null), Duration.ofMinutes(1), new Random(1)));
        assertThat(fault.targets()).containsExactlyInAnyOrder("kafka-1", "kafka-2", "kafka-3");
        assertThat(local.calls()).containsExactly("pause id-kafka-1");
        assertThat(remote.calls()).containsExactlyInAnyOrder("pause id-kafka-2", "pause id-kafka-3");

        Path journal = dir.resolve("journal.jsonl");
        JournalEntry open = new FaultJournal(journal).open().get(0);
        assertThat(open.engines()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "id-kafka-1", "unix:///var/run/docker.sock",
                "id-kafka-2", "tcp://127.0.0.1:2376",
                "id-kafka-3", "tcp://127.0.0.1:2376"));

        // the service died with the fault on; a new one, with a router of its own, recovers it
        local.clearCalls();
        remote.clearCalls();
        EngineRouter.Engine again = new EngineRouter.Engine("local", local, List.of("test/host-a"));
        EngineRouter fresh = new EngineRouter(List.of(again,
                new EngineRouter.Engine("remote", remote, List.of("test/host-b"))), again);
        new FaultFixture(dir, fresh).recoveredService();
        assertThat(local.calls()).containsExactly("unpause id-kafka-1");
        assertThat(remote.calls()).containsExactlyInAnyOrder("unpause id-kafka-2", "unpause id-kafka-3");
        assertThat(new FaultJournal(journal).open()).isEmpty();
    }

    @Test
    void aFaultOpenOnAnEngineThisServiceNoLongerReachesIsLeftOpen() throws Exception {
        FaultFixture fixture = new FaultFixture(dir, router);
        fixture.injector().inject(new FaultRequest("run-1", "test", 1, new PauseFault(), TargetSelector.byName("kafka-2"),
                Duration.ofMinutes(1), new Random(1)));
        local.clearCalls();
        remote.clearCalls();

        new FaultFixture(dir, local).recoveredService(); // a service configured with the local engine only
        assertThat(local.calls()).isEmpty();
        assertThat(remote.calls()).isEmpty();
        assertThat(new FaultJournal(dir.resolve("journal.jsonl")).open()).hasSize(1);
    }

    @Test
    void aHostListedByTwoEnginesOrAHomeNotAmongThemIsRefused() {
        assertThatThrownBy(() -> new EngineRouter(List.of(localEngine,
                new EngineRouter.Engine("remote", remote, List.of("test/host-a"))), localEngine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host test/host-a is listed by two engines, local and remote: a host is on one engine");
        assertThatThrownBy(() -> new EngineRouter(List.of(remoteEngine), localEngine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the home engine local is not among [remote]");
        assertThat(Files.exists(dir.resolve("journal.jsonl"))).isFalse();
    }
}
