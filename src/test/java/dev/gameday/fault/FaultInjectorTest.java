package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerNotFoundException;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.DockerOperationException;
import dev.gameday.docker.HelperImageMissingException;
import dev.gameday.docker.HelperResult;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.docker.UnsupportedRuntimeOperationException;
import dev.gameday.target.TargetRefusedException;
import dev.gameday.target.TargetSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectorTest {

    @TempDir
    Path dir;

    FaultFixture fixture;
    FaultInjector injector;

    @BeforeEach
    void setUp() {
        fixture = new FaultFixture(dir);
        injector = fixture.injector();
    }

    private ActiveFault inject(FaultSpec fault, TargetSelector target, Duration duration) {
        return injector.inject(new FaultRequest("run-1", "test", 1, fault, target, duration, new Random(7)));
    }

    private ActiveFault inject(FaultSpec fault, TargetSelector target) {
        return inject(fault, target, Duration.ofSeconds(30));
    }

    @Test
    void killSendsTheSignalAndRevertStartsTheContainerAgain() {
        ActiveFault fault = inject(new KillFault(null), TargetSelector.leaderOf("probe", 0));
        assertThat(fixture.runtime.calls()).containsExactly("kill id-kafka-1 SIGKILL");

        fixture.runtime.clearCalls();
        injector.revert(fault.id(), "test");
        assertThat(fixture.runtime.calls()).containsExactly("start id-kafka-1");
    }

    @Test
    void stopAndRestartUseTheirTimeouts() {
        ActiveFault stop = inject(new StopFault(Duration.ofSeconds(20)), TargetSelector.broker(2));
        injector.revert(stop.id(), "test");
        ActiveFault restart = inject(new RestartFault(null), TargetSelector.broker(3), Duration.ZERO);
        injector.revert(restart.id(), "test");

        assertThat(fixture.runtime.calls()).containsExactly(
                "stop id-kafka-2 20s", "start id-kafka-2", "restart id-kafka-3 30s");
    }

    @Test
    void pauseAndUnpauseMirrorEachOtherAndARepeatedRevertIsANoOp() {
        ActiveFault fault = inject(new PauseFault(), TargetSelector.byRole(TargetSelector.Role.ACTIVE_CONTROLLER));
        injector.revert(fault.id(), "first");
        injector.revert(fault.id(), "second");

        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-2", "unpause id-kafka-2");
        assertThat(fixture.events).containsExactly("injected pause [kafka-2]", "reverted pause [kafka-2]");
    }

    @Test
    void revertingEffectsThatWereNeverAppliedChangesNothing() {
        EffectContext context = new EffectContext(fixture.runtime, within -> {});
        new Effect.Killed("id-kafka-1", "kafka-1", "SIGKILL").revert(context);
        new Effect.Stopped("id-kafka-1", "kafka-1", Duration.ofSeconds(1)).revert(context);
        new Effect.Paused("id-kafka-1", "kafka-1").revert(context);
        new Effect.Restarted("id-kafka-1", "kafka-1", Duration.ofSeconds(1), Duration.ZERO).revert(context);
        new Effect.Killed("gone", "gone", "SIGKILL").revert(context);

        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void isolateCutsTheTargetOffFromEveryOtherNodeBothWaysAndRevertDeletesExactlyThoseRules() {
        ActiveFault fault = inject(new IsolateFault(), TargetSelector.leaderOf("probe", 0));
        injector.revert(fault.id(), "test");

        assertThat(fixture.runtime.calls()).containsExactly(
                """
                helper in id-kafka-1: bash -c
                set -e
                iptables -w -N GAMEDAY 2>/dev/null || true
                iptables -w -C INPUT -j GAMEDAY 2>/dev/null || iptables -w -I INPUT -j GAMEDAY
                iptables -w -C OUTPUT -j GAMEDAY 2>/dev/null || iptables -w -I OUTPUT -j GAMEDAY
                iptables -w -C GAMEDAY -s 172.20.0.12 -j DROP 2>/dev/null || iptables -w -A GAMEDAY -s 172.20.0.12 -j DROP
                iptables -w -C GAMEDAY -d 172.20.0.12 -j DROP 2>/dev/null || iptables -w -A GAMEDAY -d 172.20.0.12 -j DROP
                iptables -w -C GAMEDAY -s 172.20.0.13 -j DROP 2>/dev/null || iptables -w -A GAMEDAY -s 172.20.0.13 -j DROP
                iptables -w -C GAMEDAY -d 172.20.0.13 -j DROP 2>/dev/null || iptables -w -A GAMEDAY -d 172.20.0.13 -j DROP""",
                """
                helper in id-kafka-1: bash -c
                set -e
                if iptables -w -C GAMEDAY -s 172.20.0.12 -j DROP 2>/dev/null; then iptables -w -D GAMEDAY -s 172.20.0.12 -j DROP; fi
                if iptables -w -C GAMEDAY -d 172.20.0.12 -j DROP 2>/dev/null; then iptables -w -D GAMEDAY -d 172.20.0.12 -j DROP; fi
                if iptables -w -C GAMEDAY -s 172.20.0.13 -j DROP 2>/dev/null; then iptables -w -D GAMEDAY -s 172.20.0.13 -j DROP; fi
                if iptables -w -C GAMEDAY -d 172.20.0.13 -j DROP 2>/dev/null; then iptables -w -D GAMEDAY -d 172.20.0.13 -j DROP; fi
                if ! iptables -w -S GAMEDAY 2>/dev/null | grep -q -- '^-A GAMEDAY '; then
                for c in INPUT OUTPUT; do while iptables -w -D $c -j GAMEDAY 2>/dev/null; do :; done; done
                iptables -w -F GAMEDAY 2>/dev/null || true
                iptables -w -X GAMEDAY 2>/dev/null || true
                fi""");
    }

    @Test
    void revertOfNetworkRulesOnAStoppedContainerIsANoOp() {
        ActiveFault fault = inject(new IsolateFault(), TargetSelector.broker(3));
        fixture.runtime.kill("id-kafka-3", "SIGKILL");
        fixture.runtime.clearCalls();

        injector.revert(fault.id(), "test");
        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void partitionByGroupsCutsEveryMemberFromTheOtherGroups() {
        inject(new PartitionFault(List.of(List.of(1), List.of(2, 3)), null), null);

        assertThat(fixture.runtime.calls()).hasSize(3);
        assertThat(fixture.runtime.calls().get(0)).startsWith("helper in id-kafka-1")
                .contains("-s 172.20.0.12 -j DROP", "-d 172.20.0.13 -j DROP").doesNotContain("172.20.0.11");
        assertThat(fixture.runtime.calls().get(1)).startsWith("helper in id-kafka-2")
                .contains("-s 172.20.0.11 -j DROP", "-d 172.20.0.11 -j DROP").doesNotContain("172.20.0.13");
        assertThat(fixture.runtime.calls().get(2)).startsWith("helper in id-kafka-3");
    }

    @Test
    void oneWayPartitionOnlyStopsTheTargetsFromReceiving() {
        inject(new PartitionFault(null, true), TargetSelector.broker(2));

        assertThat(fixture.runtime.calls()).singleElement().asString()
                .startsWith("helper in id-kafka-2")
                .contains("-s 172.20.0.11 -j DROP", "-s 172.20.0.13 -j DROP")
                .doesNotContain("-d 172.20.0.11");
    }

    @Test
    void blockPortsDropsTcpToThosePorts() {
        inject(new BlockPortsFault(List.of(9093)), TargetSelector.byRole(TargetSelector.Role.ACTIVE_CONTROLLER));

        assertThat(fixture.runtime.calls()).singleElement().asString()
                .startsWith("helper in id-kafka-2")
                .endsWith("iptables -w -C GAMEDAY -p tcp --dport 9093 -j DROP 2>/dev/null "
                        + "|| iptables -w -A GAMEDAY -p tcp --dport 9093 -j DROP");
    }

    @Test
    void aFaultTheRuntimeCannotPerformIsRefusedBeforeAnythingIsInjected() {
        fixture.runtime.without(RuntimeOperation.PAUSE, "a Kubernetes pod cannot be paused");

        assertThatThrownBy(() -> inject(new PauseFault(), TargetSelector.broker(1)))
                .isInstanceOf(GamedayException.class)
                .hasMessage("fault pause: fault: pause needs the container runtime (fake://docker) to freeze a "
                        + "container's processes and thaw them (pause, unpause), but a Kubernetes pod cannot be paused");
        assertThat(fixture.runtime.calls()).isEmpty();
        assertThat(fixture.events).isEmpty();
        // the runtime's own answer, had it been asked: typed, naming the operation
        assertThatThrownBy(() -> fixture.runtime.pause("id-kafka-1"))
                .isInstanceOf(UnsupportedRuntimeOperationException.class)
                .hasMessageContaining("cannot freeze a container's processes");
    }

    @Test
    void cpuThrottleSetsAQuotaAndRestoresTheOneTheContainerHad() {
        ContainerInfo quoted = fixture.runtime.inspect("id-kafka-3");
        fixture.runtime.add(new ContainerInfo(quoted.id(), quoted.name(), quoted.state(), 0, quoted.labels(),
                quoted.networks(), 150_000, 100_000));

        ActiveFault none = inject(new CpuThrottleFault(0.2), TargetSelector.broker(1));
        injector.revert(none.id(), "test");
        ActiveFault some = inject(new CpuThrottleFault(0.5), TargetSelector.broker(3));
        injector.revert(some.id(), "test");

        assertThat(fixture.runtime.calls()).containsExactly(
                "cpu id-kafka-1 quota=20000 period=100000",
                "cpu id-kafka-1 quota=-1 period=100000",
                "cpu id-kafka-3 quota=50000 period=100000",
                "cpu id-kafka-3 quota=150000 period=100000");
    }

    @Test
    void cpuThrottleAlsoLimitsAContainerThatIsNoKafkaNode() {
        fixture.runtime.add(new ContainerInfo("id-connect-1", "connect-1", ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.role", "connect-worker"), Map.of(), 200_000, 100_000));

        ActiveFault fault = inject(new CpuThrottleFault(0.5), TargetSelector.byRole(TargetSelector.Role.CONNECT_WORKER));
        injector.revert(fault.id(), "test");

        assertThat(fixture.runtime.calls()).containsExactly(
                "cpu id-connect-1 quota=50000 period=100000",
                "cpu id-connect-1 quota=200000 period=100000");
    }

    @Test
    void bandwidthPutsATokenBucketOnEveryInterfaceAndRevertRemovesOnlyThat() {
        ActiveFault fault = inject(new BandwidthFault("1mbit", null, null), TargetSelector.broker(1));
        injector.revert(fault.id(), "test");

        assertThat(fixture.runtime.calls().get(0))
                .contains("tc qdisc replace dev \"$dev\" root tbf rate 1mbit burst 64kb latency 400ms")
                .contains("[ \"$dev\" = lo ] && continue");
        assertThat(fixture.runtime.calls().get(1))
                .contains("if tc qdisc show dev \"$dev\" | grep -q '^qdisc tbf '; then tc qdisc del dev \"$dev\" root; fi");
    }

    @Test
    void latencyIsRefusedPlainlyWhenTheKernelHasNoNetem() {
        fixture.runtime.isolatedHelperAnswers(new HelperResult(2,
                "Error: Specified qdisc kind is unknown."));

        assertThatThrownBy(() -> inject(new LatencyFault(Duration.ofMillis(100), null), TargetSelector.broker(1)))
                .isInstanceOf(GamedayException.class)
                .hasMessageContaining("fault latency: fault: latency needs netem, but the kernel of the Docker host")
                .hasMessageContaining("Specified qdisc kind is unknown");
        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void aFaultOnSeveralTargetsIsAllOrNothing() throws Exception {
        fixture.runtime.failOn("kill id-kafka-2 SIGKILL", new DockerOperationException("Docker refused"));

        assertThatThrownBy(() -> inject(new KillFault(null), TargetSelector.byRole(TargetSelector.Role.ALL_BROKERS)))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("injecting killed on kafka-2 failed: Docker refused")
                .hasMessageContaining("reverted the 2 effect(s) touched");
        assertThat(fixture.runtime.calls()).containsExactly(
                "kill id-kafka-1 SIGKILL", "kill id-kafka-2 SIGKILL -> failed", "start id-kafka-1");
        assertThat(fixture.runtime.state("id-kafka-3")).isEqualTo(ContainerState.RUNNING);
        assertThat(injector.active()).isEmpty();
        assertThat(Files.readString(fixture.journal)).contains("\"state\":\"FAILED\"");
    }

    @Test
    void twoFaultsHoldingTheSameThingOnOneContainerConflict() {
        inject(new PauseFault(), TargetSelector.broker(1));
        inject(new IsolateFault(), TargetSelector.broker(1));
        inject(new BlockPortsFault(List.of(9093)), TargetSelector.broker(1));

        assertThatThrownBy(() -> inject(new KillFault(null), TargetSelector.broker(1)))
                .isInstanceOf(GamedayException.class)
                .hasMessage("fault kill on kafka-1 conflicts with pause already active on it (test step 1): "
                        + "both hold its lifecycle");
        assertThat(fixture.runtime.calls()).noneMatch(c -> c.startsWith("kill"));
    }

    @Test
    void aContainerWithoutTheAllowListLabelIsRefusedBeforeAnyCall() {
        fixture.runtime.add(new ContainerInfo("id-db", "postgres", ContainerState.RUNNING, 0, Map.of(), Map.of(), 0, 0));

        assertThatThrownBy(() -> inject(new KillFault(null), TargetSelector.byName("postgres")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("container postgres (id id-db) does not carry the allow-list label gameday.target=true; "
                        + "a game day may not touch it");
        assertThatThrownBy(() -> inject(new KillFault(null), TargetSelector.byName("nosuch")))
                .isInstanceOf(ContainerNotFoundException.class)
                .hasMessage("container nosuch does not exist");
        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void theJournalHoldsTheInjectionBeforeTheFirstDockerCall() {
        fixture.runtime.beforeEachChange(call -> {
            try {
                assertThat(Files.readString(fixture.journal))
                        .contains("\"state\":\"INJECTING\"", "\"effect\":\"paused\"", "\"containerId\":\"id-kafka-1\"");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        inject(new PauseFault(), TargetSelector.broker(1));
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-1");
    }

    @Test
    void aRestartedServiceRevertsWhatTheJournalStillShowsOpen() {
        inject(new PauseFault(), TargetSelector.broker(1), Duration.ofMinutes(10));
        inject(new CpuThrottleFault(0.1), TargetSelector.broker(2), Duration.ofMinutes(10));
        fixture.runtime.clearCalls();

        FaultInjector restarted = fixture.injector(); // same journal file, nothing in memory
        fixture.recovery(restarted).recover();

        assertThat(fixture.runtime.calls()).containsExactlyInAnyOrder(
                "unpause id-kafka-1", "cpu id-kafka-2 quota=-1 period=100000");
        assertThat(restarted.journal().open()).isEmpty();
        assertThat(restarted.active()).isEmpty();

        fixture.runtime.clearCalls();
        fixture.recoveredService();
        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void recoveryRemovesLeftoverHelperContainers() {
        fixture.runtime.add(new ContainerInfo("id-helper", "helper", ContainerState.EXITED, 0,
                Map.of("gameday.helper", "true"), Map.of(), 0, 0));
        fixture.recovery(injector).recover();
        assertThat(fixture.runtime.calls()).containsExactly("remove id-helper");
    }

    @Test
    void recoveryLeavesTheHelpersOfALiveServiceAlone() {
        // LabLeaseIT, two services starting side by side: one removed the other's helper mid-sweep
        fixture.runtime.add(new ContainerInfo("id-created", "created", ContainerState.CREATED, 0,
                Map.of("gameday.helper", "true"), Map.of(), 0, 0));
        fixture.runtime.add(new ContainerInfo("id-running", "running", ContainerState.RUNNING, 0,
                Map.of("gameday.helper", "true"), Map.of(), 0, 0));
        fixture.recovery(injector).recover();
        assertThat(fixture.runtime.calls()).isEmpty();
    }

    @Test
    void theWatchdogRevertsAFaultPastItsDeadline() {
        ActiveFault fault = inject(new PauseFault(), TargetSelector.broker(3), Duration.ofSeconds(10));
        assertThat(fault.deadline()).isEqualTo(fault.injectedAt().plusSeconds(40));

        fixture.clock.advance(Duration.ofSeconds(40));
        fixture.watchdog(injector).watchdog();
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-3");

        fixture.clock.advance(Duration.ofMillis(1));
        fixture.watchdog(injector).watchdog();
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-3", "unpause id-kafka-3");
        assertThat(injector.active()).isEmpty();
    }

    @Test
    void aRevertTheEngineDidNotAnswerIsRetriedUntilItSucceedsAtOnceWhenTheEngineIsBack() throws Exception {
        ActiveFault fault = inject(new PauseFault(), TargetSelector.broker(3), Duration.ofMinutes(10));
        fixture.runtime.engineGone(true); // dockerd restarting

        assertThatThrownBy(() -> injector.revert(fault.id(), "step ended"))
                .isInstanceOfSatisfying(RevertFailedException.class, e -> assertThat(e.engineGone()).isTrue())
                .hasMessageStartingWith("reverting pause on [kafka-3] failed: paused on kafka-3: Docker at fake://docker "
                        + "did not answer")
                .hasMessageEndingWith("(the Docker engine at fake://docker does not answer: the fault is reverted as "
                        + "soon as it does)");
        fixture.clock.advance(Duration.ofSeconds(5));
        fixture.watchdog(injector).watchdog(); // tries again, and fails again: still there
        assertThat(injector.active()).extracting(ActiveFault::id).containsExactly(fault.id());

        fixture.runtime.engineGone(false);
        fixture.watchdog(injector).engineReturned(new dev.gameday.docker.EngineWatch.Returned("fake://docker", Duration.ofSeconds(6)));

        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-3", "unpause id-kafka-3");
        assertThat(injector.active()).isEmpty();
        assertThat(Files.readString(fixture.journal)).contains("\"state\":\"REVERTED\"");
        assertThat(fixture.runtime.leaseCalls()).last().isEqualTo("lease remove gameday-lease-test");
    }

    @Test
    void aRevertThatFailsIsTriedAgainByTheWatchdogBeforeTheDeadlineWithABackOff() {
        ActiveFault fault = inject(new PauseFault(), TargetSelector.broker(3), Duration.ofMinutes(10));
        fixture.runtime.failOn("unpause id-kafka-3", new DockerOperationException("Docker refused: cannot unpause"));
        assertThatThrownBy(() -> injector.revert(fault.id(), "step ended"))
                .isInstanceOfSatisfying(RevertFailedException.class, e -> assertThat(e.engineGone()).isFalse())
                .hasMessageEndingWith("(the watchdog tries again at 2026-11-27T10:00:01Z)");

        fixture.clock.advance(Duration.ofMillis(500));
        fixture.watchdog(injector).watchdog();
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-3", "unpause id-kafka-3 -> failed");
        fixture.clock.advance(Duration.ofMillis(500));
        fixture.watchdog(injector).watchdog();
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-3", "unpause id-kafka-3 -> failed",
                "unpause id-kafka-3");
        assertThat(injector.active()).isEmpty();
    }

    @Test
    void aMissingHelperImageRefusesEveryFaultInOneLineAndChangesNothing() {
        fixture.runtime.helperImageMissing(); // the lab lease runs it too

        assertThatThrownBy(() -> inject(new PauseFault(), TargetSelector.broker(1)))
                .isInstanceOf(HelperImageMissingException.class)
                .hasMessage("the Docker engine at fake://docker has no image kafka-gameday/base:bookworm "
                        + "(gameday.docker.helper-image), which helper containers and the lab lease run: nothing was "
                        + "changed; build it with compose/images.sh, or set gameday.docker.helper-image to an image "
                        + "with bash, iptables and iproute2");
        assertThat(fixture.runtime.calls()).isEmpty();
        assertThat(fixture.journal).doesNotExist();
        assertThat(injector.active()).isEmpty();
    }

    /**
     * Race (a): a fault whose revert is under way, and then fails, holds its container all along. The
     * conflicting fault is asked for at the moment the failing Docker call is made, from inside it: no
     * thread, no timing.
     */
    @Test
    void aConflictingFaultIsRefusedWhileAnotherIsRevertedAndAfterItsRevertFailed() {
        ActiveFault pause = inject(new PauseFault(), TargetSelector.broker(2));
        fixture.runtime.failOn("unpause id-kafka-2", new DockerOperationException("Docker refused: cannot unpause"));
        List<String> duringRevert = new ArrayList<>();
        fixture.runtime.beforeEachChange(call -> {
            if (call.equals("unpause id-kafka-2")) {
                duringRevert.add(outcomeOf(() -> inject(new StopFault(null), TargetSelector.broker(2))));
            }
        });

        assertThatThrownBy(() -> injector.revert(pause.id(), "test")).isInstanceOf(RevertFailedException.class);
        fixture.runtime.beforeEachChange(call -> {});
        String afterFailedRevert = outcomeOf(() -> inject(new StopFault(null), TargetSelector.broker(2)));

        assertThat(duringRevert).singleElement().asString().startsWith("CONFLICT: fault stop on kafka-2 conflicts with "
                + "pause already being reverted on it");
        assertThat(afterFailedRevert).startsWith("CONFLICT: fault stop on kafka-2 conflicts with pause already active, "
                + "its revert failed, on it");
        assertThat(injector.active()).extracting(ActiveFault::id).containsExactly(pause.id());
        assertThat(fixture.runtime.calls()).doesNotContain("stop id-kafka-2 10s");
    }

    private static String outcomeOf(Runnable inject) {
        try {
            inject.run();
            return "injected";
        } catch (GamedayException e) {
            return e.kind() + ": " + e.getMessage();
        }
    }

    /** An abort while a fault is injected cannot revert what is not applied yet: the injecting thread does, at once. */
    @Test
    void aRevertAskedWhileTheFaultIsInjectedIsDoneAsSoonAsItIsApplied() {
        List<ActiveFault> revertedByTheAbort = new ArrayList<>();
        fixture.runtime.beforeEachChange(call -> {
            if (call.equals("pause id-kafka-2")) {
                revertedByTheAbort.addAll(injector.revertRun("run-1", "aborted"));
            }
        });

        ActiveFault pause = inject(new PauseFault(), TargetSelector.broker(2));

        assertThat(revertedByTheAbort).isEmpty();
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-2", "unpause id-kafka-2");
        assertThat(injector.isActive(pause.id())).isFalse();
        assertThat(fixture.events).containsExactly("injected pause [kafka-2]", "reverted pause [kafka-2]");
    }

    @Test
    void aHelperImageRemovedWhileTheLeaseIsHeldFailsANetworkFaultWithNothingLeftApplied() throws Exception {
        ActiveFault pause = inject(new PauseFault(), TargetSelector.broker(1));
        fixture.runtime.helperImageMissing();

        assertThatThrownBy(() -> inject(new IsolateFault(), TargetSelector.broker(2)))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("has no image kafka-gameday/base:bookworm")
                .hasMessageEndingWith("reverted the 0 effect(s) touched");
        assertThat(injector.active()).extracting(ActiveFault::id).containsExactly(pause.id());
        assertThat(Files.readString(fixture.journal)).contains("\"fault\":\"isolate\",\"state\":\"FAILED\"");
    }

    @Test
    void rollingRestartRestartsEachBrokerInTurnAndWaitsForHealthBetween() {
        inject(new RollingRestartFault(Duration.ofSeconds(60), Duration.ofSeconds(90)),
                TargetSelector.byRole(TargetSelector.Role.ALL_BROKERS), Duration.ZERO);

        assertThat(fixture.runtime.calls()).containsExactly(
                "restart id-kafka-1 60s", "restart id-kafka-2 60s", "restart id-kafka-3 60s");
        assertThat(fixture.healthWaits).containsExactly(
                Duration.ofSeconds(90), Duration.ofSeconds(90), Duration.ofSeconds(90));
    }

    @Test
    void lastingFaultsNeedADurationAndPartitionsValidGroups() {
        Duration max = Duration.ofHours(1);
        assertThat(new PauseFault().stepProblems(true, Duration.ZERO, max))
                .containsExactly("duration: fault pause stays until reverted; say for how long, e.g. 30s");
        assertThat(new PartitionFault(List.of(List.of(1, 2), List.of(2), List.of()), null)
                .stepProblems(false, Duration.ofSeconds(5), max))
                .containsExactly("groups: broker 2 is in groups[0] and groups[1]", "groups[2]: is empty");
        assertThat(new PartitionFault(List.of(List.of(1)), null).stepProblems(false, Duration.ofSeconds(5), max))
                .containsExactly("groups: a partition needs at least two groups, got 1");
        assertThat(new KillFault("SIGSTOP").stepProblems(false, Duration.ofSeconds(5), max))
                .containsExactly("signal: 'SIGSTOP' is not one that ends a process (use one of "
                        + "[SIGABRT, SIGHUP, SIGINT, SIGKILL, SIGQUIT, SIGTERM])", "target: fault kill needs a target");
        assertThat(new PauseFault().stepProblems(true, Duration.ofHours(2), max))
                .containsExactly("duration: 2h is longer than gameday.safety.max-fault-duration (1h)");
    }
}
