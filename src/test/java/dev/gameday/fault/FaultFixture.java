package dev.gameday.fault;

import dev.gameday.FakeTime;
import dev.gameday.HaltPoints;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.RecordingRuntime;
import dev.gameday.kafka.KafkaConfig;
import dev.gameday.kafka.TestKafkaConfig;
import dev.gameday.lease.LabLease;
import dev.gameday.target.KafkaRoles;
import dev.gameday.target.SafetyConfig;
import dev.gameday.target.TargetNotYetKnownException;
import dev.gameday.target.TargetResolver;
import dev.gameday.time.Scheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fault injector on fakes: three Kafka nodes in a {@link RecordingRuntime}, a settable clock. */
public class FaultFixture {

    public final RecordingRuntime runtime = new RecordingRuntime().node(1).node(2).node(3);
    public final FakeRoles roles = new FakeRoles();
    /** The fixture's time: its clock, and the scheduler of the injector's timed reverts. */
    public final FakeTime clock = new FakeTime(Instant.parse("2026-11-27T10:00:00Z"));
    final List<String> events = new ArrayList<>();
    final Path journal;
    final List<Duration> healthWaits = new ArrayList<>();
    /** This service's lease of the lab, on the same fake engine; it gives the lease back at once. */
    public final LabLease lease;

    /** What the injector, the resolver and the lease talk to: {@link #runtime} unless a test gives another. */
    private final ContainerRuntime docker;

    public FaultFixture(Path dir) {
        this(dir, null);
    }

    /** A fixture whose injector talks to {@code docker} (an EngineRouter over fakes, say) instead of {@link #runtime}. */
    public FaultFixture(Path dir, ContainerRuntime docker) {
        this.journal = dir.resolve("journal.jsonl");
        this.docker = docker != null ? docker : runtime;
        this.lease = lease("service-a", "host-a");
    }

    /** A lease of the lab "test" on this fixture's fake engine, as a service with that id on that host holds it. */
    public LabLease lease(String holder, String host) {
        return new LabLease(docker, "test", holder, host, Duration.ofSeconds(60), clock, Runnable::run);
    }

    public FaultInjector injector() {
        return injector(clock);
    }

    /** An injector whose faults are timed by {@code time}: a run's clock, say. */
    public FaultInjector injector(Clock time) {
        return injector(time, journal, lease);
    }

    /** The injector of a second service on the same engine: its own journal in {@code dir}, its own lease. */
    public FaultInjector otherService(Path dir, LabLease itsLease) {
        return injector(clock, dir.resolve("journal.jsonl"), itsLease);
    }

    private FaultInjector injector(Clock time, Path journalFile, LabLease itsLease) {
        return new FaultInjector(docker, resolver(), new NetemSupport(docker), healthWaits::add, safety(journalFile), time,
                time instanceof Scheduler scheduler ? scheduler : clock,
                new FaultListener() {
                    public void injected(ActiveFault fault) {
                        events.add("injected " + fault.fault() + " " + fault.targets());
                    }

                    public void reverted(ActiveFault fault) {
                        events.add("reverted " + fault.fault() + " " + fault.targets());
                    }
                }, HaltPoints.NONE, itsLease);
    }

    /** The start-up recovery of the service whose injector this is. */
    public FaultRecovery recovery(FaultInjector injector) {
        return new FaultRecovery(injector, docker, resolver(), safety(), clock);
    }

    /** The watchdog of the service whose injector this is. */
    public FaultWatchdog watchdog(FaultInjector injector) {
        return new FaultWatchdog(injector, recovery(injector), clock);
    }

    /** A service started again on the same journal: its injector, once its start-up recovery has run. */
    public FaultInjector recoveredService() {
        FaultInjector injector = injector();
        recovery(injector).recover();
        return injector;
    }

    public TargetResolver resolver() {
        return new TargetResolver(docker, roles, safety(), kafka());
    }

    public SafetyConfig safety() {
        return safety(journal);
    }

    /** The service's safety settings by default, with its fault journal at {@code journal}. */
    public static SafetyConfig safety(Path journal) {
        return new SafetyConfig() {
            public String targetLabel() {
                return "gameday.target=true";
            }

            public Path journal() {
                return journal;
            }

            public Duration revertGrace() {
                return Duration.ofSeconds(30);
            }

            public Duration maxFaultDuration() {
                return Duration.ofHours(1);
            }

            public boolean sweepOnStart() {
                return false;
            }
        };
    }

    static KafkaConfig kafka() {
        return TestKafkaConfig.plain("kafka-1:9092", Optional.empty());
    }

    /** Brokers 1, 2 and 3, all registered; broker 1 leads every partition and broker 2 is the controller. */
    public static class FakeRoles implements KafkaRoles {
        int leader = 1;
        int controller = 2;
        List<Integer> replicas = List.of(1, 2, 3);
        /** How many times the cluster was asked for its registered brokers. */
        public int registeredAsked;

        public List<Integer> brokerIds() {
            return List.of(1, 2, 3);
        }

        public List<Integer> registeredBrokerIds() {
            registeredAsked++;
            return brokerIds();
        }

        public int leaderOf(String topic, int partition) {
            return leader;
        }

        public List<Integer> replicasOf(String topic, int partition) {
            return replicas;
        }

        public List<Integer> leadersOf(String topic) {
            return List.of(leader);
        }

        public int activeController() {
            return controller;
        }

        /** Broker 3 coordinates every group, and no transactional id is known. */
        public int groupCoordinator(String group) {
            return 3;
        }

        public int transactionCoordinator(String transactionalId) {
            throw new TargetNotYetKnownException("the cluster does not know transactional id " + transactionalId + " yet");
        }
    }
}
