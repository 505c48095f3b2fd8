package dev.gameday.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.PauseFault;
import dev.gameday.target.TargetSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lab, one service: two services on one (fake) engine, service-a on host-a and service-b on
 * host-b, each with its own journal and lease of lab "test".
 */
class LabLeaseTest {

    static final String HELD_BY_A = "lab test is being broken by another service: service-a on host host-a, since "
            + "2026-11-27T10:00:00Z (its lease, container gameday-lease-test, runs out 60 s after that service's last "
            + "renewal); nothing was injected";

    @TempDir
    Path dir;

    @TempDir
    Path otherDir;

    FaultFixture fixture;
    FaultInjector a;
    LabLease leaseOfB;
    FaultInjector b;

    @BeforeEach
    void setUp() {
        fixture = new FaultFixture(dir);
        a = fixture.injector();
        leaseOfB = fixture.lease("service-b", "host-b");
        b = fixture.otherService(otherDir, leaseOfB);
    }

    private ActiveFault pause(FaultInjector injector, int broker) {
        return injector.inject(new FaultRequest("run-" + broker, "test", 1, new PauseFault(), TargetSelector.broker(broker),
                Duration.ofMinutes(10), new Random(1)));
    }

    @Test
    void aSecondServiceRefusesToInjectIntoALabAnotherIsBreakingNamingIt() {
        ActiveFault first = pause(a, 1);

        assertThatThrownBy(() -> pause(b, 2)).isInstanceOf(LeaseHeldException.class).hasMessage(HELD_BY_A);
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-1");
        assertThat(otherDir.resolve("journal.jsonl")).as("no line for a fault never injected").doesNotExist();
        assertThat(b.active()).isEmpty();

        a.revert(first.id(), "test");
        pause(b, 2);
        assertThat(fixture.runtime.leaseCalls()).containsExactly(
                "lease start gameday-lease-test holder=service-a sleep 60",
                "lease remove gameday-lease-test",
                "lease start gameday-lease-test holder=service-b sleep 60");
        assertThat(fixture.runtime.calls()).containsExactly("pause id-kafka-1", "unpause id-kafka-1", "pause id-kafka-2");
    }

    @Test
    void theLeaseIsHeldWhileAnyFaultIsAppliedAndGivenBackAfterTheLast() {
        ActiveFault first = pause(a, 1);
        ActiveFault second = pause(a, 2);
        a.revert(first.id(), "test");
        assertThatThrownBy(() -> pause(b, 3)).hasMessage(HELD_BY_A);

        a.revert(second.id(), "test");
        assertThat(fixture.runtime.leaseCalls()).containsExactly(
                "lease start gameday-lease-test holder=service-a sleep 60", "lease remove gameday-lease-test");
    }

    @Test
    void aLeaseItsHolderStoppedRenewingRunsOutAndIsTakenOver() {
        pause(a, 1);
        fixture.runtime.expire("gameday-lease-test"); // service-a died; its sleep ended a minute later

        pause(b, 2);

        assertThat(fixture.runtime.leaseCalls()).containsExactly(
                "lease start gameday-lease-test holder=service-a sleep 60",
                "lease remove gameday-lease-test",
                "lease start gameday-lease-test holder=service-b sleep 60");
    }

    @Test
    void aHeldLeaseIsRenewedEveryThirdOfItsTtlAndNotOnceGivenBack() {
        ActiveFault fault = pause(a, 1);
        fixture.clock.advance(Duration.ofSeconds(19));
        fixture.lease.renewIfDue();
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.lease.renewIfDue();
        fixture.clock.advance(Duration.ofSeconds(10));
        fixture.lease.renewIfDue();
        a.revert(fault.id(), "test");
        fixture.clock.advance(Duration.ofSeconds(30));
        fixture.lease.renewIfDue();

        assertThat(fixture.runtime.leaseCalls()).containsExactly(
                "lease start gameday-lease-test holder=service-a sleep 60",
                "lease restart gameday-lease-test",
                "lease remove gameday-lease-test");
    }

    @Test
    void aRestartedServiceKnowsItsOwnLeaseAndGivesItBackAtStart() {
        pause(a, 1); // and service-a is killed: its lease goes on running for up to a minute
        LabLease restarted = fixture.lease("service-a", "host-a");

        restarted.onStart(null);

        assertThat(fixture.runtime.leaseCalls()).containsExactly(
                "lease start gameday-lease-test holder=service-a sleep 60", "lease remove gameday-lease-test");
        pause(b, 2);
    }

    @Test
    void theServiceIdIsMadeOnceAndKept() throws Exception {
        Path file = dir.resolve("service-id");
        String id = LabLease.serviceId(file);

        assertThat(LabLease.serviceId(file)).isEqualTo(id);
        assertThat(Files.readString(file).strip()).isEqualTo(id);
    }
}
