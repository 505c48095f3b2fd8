package dev.gameday.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.GamedayException;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.FaultSpec;
import dev.gameday.fault.IsolateFault;
import dev.gameday.kafka.ClusterInspector;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.ProxiedLabResource;
import dev.gameday.target.TargetSelector;
import dev.gameday.time.Retry;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.FaultWindow;
import dev.gameday.verify.Hypothesis;
import dev.gameday.verify.Verdict;
import dev.gameday.verify.Verifier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probes and the verifier on the real lab: an unsafe producer (acks=1) loses writes when its
 * leader is cut off, and the verifier catches the loss Kafka really produced. That a safe one
 * (acks=all, min ISR 2) loses nothing to a SIGKILLed leader is DefaultSuiteIT's leader-kill.
 */
@QuarkusTest
@WithTestResource(ProxiedLabResource.class)
class ProbeIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics();

    @Inject
    KafkaClients clients;

    @Inject
    ClusterInspector inspector;

    @Inject
    FaultInjector injector;

    @Inject
    Clock clock;

    @Inject
    Retry retry;

    private ProbeSettings settings(String topic, String acks) {
        return new ProbeSettings(topic, 3, 300, 100, acks, null, null, Duration.ofSeconds(20), Duration.ofSeconds(60),
                null, null, null, null, null, null, null, null, null);
    }

    /** Probes, injects the fault on the leader of partition 0 for {@code hold}, reverts, recovers, verifies. */
    private Analysis gameDay(ProbeSettings settings, FaultSpec fault, Duration hold, Hypothesis hypothesis,
                             List<Verdict> verdict) throws Exception {
        try (ProbeSession session = ProbeSession.start(clients, inspector, retry, settings,
                ProbeTopic.ensure(clients, settings), UUID.randomUUID(), ProbeListener.NONE, reading -> {}, ProbeIntegrations.NONE)) {
            Awaitility.await("probe warmed up").atMost(Duration.ofSeconds(30))
                    .until(() -> session.history().timeline().stream().mapToInt(s -> s.acked()).sum() > 500);
            Instant injected = clock.instant();
            ActiveFault active = injector.inject(new FaultRequest("probe-it", "probe-it", 1, fault,
                    TargetSelector.leaderOf(settings.topic(), 0), hold.multipliedBy(2), new Random(1)));
            Thread.sleep(hold.toMillis()); // the fault's duration is the experiment, not a wait for a condition
            injector.revert(active.id(), "test");
            Instant reverted = clock.instant();
            Awaitility.await("cluster healthy again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> inspector.snapshot(null).healthy());
            Thread.sleep(2_000); // keep probing a little after recovery, as a run's cool-down does
            session.stopProducing();
            assertThat(session.drain()).as("final read reached every acknowledged offset").isTrue();
            Analysis analysis = Verifier.analyze(session.history(),
                    List.of(new FaultWindow(1, fault.type(), active.targets(), injected, reverted)));
            verdict.add(Verifier.verdict(analysis, hypothesis));
            System.out.printf("[probe-it] %s: sent %d, acked %d, failed %d, indeterminate %d, lost %d, "
                            + "unavailability %d ms, recovery %s ms, ack latency %s%n", fault.type(), analysis.sent(),
                    analysis.acknowledged(), analysis.failed(), analysis.indeterminate(), analysis.lostWrites(),
                    analysis.unavailabilityMs(), analysis.recoveryMs(), session.stats());
            return analysis;
        }
    }

    @Test
    void anAcksOneProducerLosesWritesWhenItsLeaderIsCutOffAndTheVerifierListsThem() throws Exception {
        List<Verdict> verdict = new java.util.ArrayList<>();
        Analysis analysis = gameDay(settings(topics.track("gameday-probe-unsafe-" + System.nanoTime()), "1"), new IsolateFault(),
                Duration.ofSeconds(20), Hypothesis.strict(), verdict);

        assertThat(verdict.get(0).status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(analysis.lostWrites()).isGreaterThan(0);
        assertThat(analysis.lost()).anySatisfy(line -> assertThat(line).startsWith("p0: "));
        assertThat(verdict.get(0).reasons()).anySatisfy(reason ->
                assertThat(reason).startsWith("lost writes: " + analysis.lostWrites() + ", allowed 0 (p0: "));
    }

    @Test
    void aRecordThatIsNotOursIsCountedAsUnexpected() throws Exception {
        ProbeSettings settings = settings(topics.track("gameday-probe-foreign-" + System.nanoTime()), "all");
        try (ProbeSession session = ProbeSession.start(clients, inspector, retry, settings,
                ProbeTopic.ensure(clients, settings), UUID.randomUUID(), ProbeListener.NONE, reading -> {}, ProbeIntegrations.NONE);
             var stranger = new KafkaProducer<byte[], byte[]>(Lab.get().adminConfig(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            stranger.send(new ProducerRecord<>(settings.topic(), 1, null, "hello".getBytes())).get();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> session.history().timeline().stream().mapToInt(s -> s.acked()).sum() > 300);
            session.stopProducing();
            session.drain();
            Analysis analysis = Verifier.analyze(session.history(), List.of());
            assertThat(analysis.unexpected()).isEqualTo(1);
            assertThat(analysis.anomalies()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("unexpected");
                assertThat(a.partition()).isEqualTo(1);
                assertThat(a.examples().get(0)).contains("(not a gameday probe record (5 bytes))");
            });
            assertThat(analysis.lostWrites()).isZero();
        }
    }

    @Test
    void aProbeTopicThatCannotProveAnythingIsRefusedWithAClearMessage() throws Exception {
        try (Admin admin = Admin.create(Lab.get().adminConfig())) {
            String narrow = "gameday-probe-narrow-" + System.nanoTime();
            String unreplicated = "gameday-probe-rf1-" + System.nanoTime();
            topics.create(new NewTopic(narrow, Optional.of(2), Optional.empty()), new NewTopic(unreplicated, 3, (short) 1));

            assertThatThrownBy(() -> ProbeTopic.ensure(clients, settings(narrow, "all")))
                    .isInstanceOf(GamedayException.class)
                    .hasMessageStartingWith("probe topic " + narrow + " has 2 partition(s), but probe.partitions is 3");
            assertThatThrownBy(() -> ProbeTopic.ensure(clients, settings(unreplicated, "all")))
                    .isInstanceOf(GamedayException.class)
                    .hasMessageStartingWith("probe topic " + unreplicated + " has replication factor 1");
        }
    }
}
