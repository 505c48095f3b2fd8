package dev.gameday.fault;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.GamedayException;
import dev.gameday.lab.Lab;
import dev.gameday.lab.ProxiedLabResource;
import dev.gameday.lab.NodeView;
import dev.gameday.target.Target;
import dev.gameday.target.TargetResolver;
import dev.gameday.target.TargetSelector;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every fault type on the real lab: an effect observed from outside (the docker CLI, a Kafka
 * client) while it is active, and its full removal after revert.
 */
@QuarkusTest
@WithTestResource(ProxiedLabResource.class)
class FaultsIT {

    static final String TOPIC = "gameday-faults-it";

    @RegisterExtension
    static final LabTopics topics = new LabTopics();


    @Inject
    FaultInjector injector;

    @Inject
    TargetResolver resolver;

    static Lab lab;
    static Admin admin;

    @BeforeAll
    static void createTopic() throws Exception {
        lab = Lab.get();
        admin = Admin.create(lab.adminConfig());
        topics.create(new NewTopic(TOPIC, 3, (short) 3));
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @AfterEach
    void clusterIsWholeAgain() {
        List<ActiveFault> left = injector.active();
        injector.revertRun("it", "test cleanup"); // a failed test must not break the next one
        lab.awaitHealthy(Duration.ofMinutes(2));
        awaitFullIsr();
        awaitQuiet();
        assertThat(left).as("faults the test left active").isEmpty();
    }

    /**
     * Leadership back on the preferred replicas now, not at the cluster's next automatic rebalance
     * (every 30 s), which would move a leader in the middle of the next test; and a metadata quorum
     * that answers (after a controller was cut off, its first answers can take longer than a request).
     * Both were seen in a reverse-order run: a test read leader 1 and the service, a moment later, 3.
     */
    private static void awaitQuiet() {
        Set<TopicPartition> partitions = Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                new TopicPartition(TOPIC, 2));
        Awaitility.await("leaders of " + TOPIC + " on their preferred replicas")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> {
                    try {
                        admin.electLeaders(ElectionType.PREFERRED, partitions).all().get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof ElectionNotNeededException)) {
                            throw e;
                        }
                    }
                    return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                            .allMatch(p -> p.leader() != null && p.leader().id() == p.replicas().get(0).id());
                });
        Awaitility.await("the metadata quorum answers")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS).leaderId() >= 0);
    }

    /** A node other than {@code excluded}, whose view of the cluster is the majority's. */
    private static NodeView viewFromAnyBut(int excluded) {
        return new NodeView(lab, excluded == 1 ? 2 : 1);
    }

    private ActiveFault inject(FaultSpec fault, TargetSelector target, Duration duration) {
        return injector.inject(new FaultRequest("it", "faults-it", 1, fault, target, duration, new Random(1)));
    }

    private static String inspect(String container, String format) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", format, container).strip();
    }

    @Test
    void aKilledBrokerExitsWith137AndRunsAgainAfterRevert() {
        ActiveFault fault = inject(new KillFault(null), TargetSelector.broker(2), Duration.ofMinutes(1));
        String container = lab.containerOfNode(2);
        assertThat(inspect(container, "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 137");

        injector.revert(fault.id(), "test");
        assertThat(inspect(container, "{{.State.Status}}")).isEqualTo("running");
    }

    @Test
    void aStoppedBrokerShutsDownGracefullyAndRunsAgainAfterRevert() {
        ActiveFault fault = inject(new StopFault(Duration.ofSeconds(60)), TargetSelector.broker(3), Duration.ofMinutes(1));
        // 143: the JVM ended on SIGTERM after its controlled shutdown, not killed at the timeout
        assertThat(inspect(lab.containerOfNode(3), "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 143");

        injector.revert(fault.id(), "test");
        assertThat(inspect(lab.containerOfNode(3), "{{.State.Status}}")).isEqualTo("running");
    }

    @Test
    void aPausedBrokerStopsAnsweringItsClientPortAndAnswersAgainAfterRevert() {
        int node = 3;
        ActiveFault fault = inject(new PauseFault(), TargetSelector.broker(node), Duration.ofMinutes(1));
        assertThat(inspect(lab.containerOfNode(node), "{{.State.Status}}")).isEqualTo("paused");
        assertThat(answers(node)).isFalse();

        injector.revert(fault.id(), "test");
        assertThat(answers(node)).isTrue();
    }

    /** Whether one broker, alone, answers a Kafka request within two seconds. */
    private boolean answers(int node) {
        String only = "127.0.0.1:" + (Lab.FIRST_CLIENT_PORT + node - 1);
        Map<String, Object> config = new java.util.HashMap<>(lab.adminConfig());
        config.put("bootstrap.servers", only);
        try (Admin single = Admin.create(config)) {
            single.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).clusterId().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void anIsolatedLeaderLosesLeadershipAndTheIsrIsFullAgainAfterRevert() throws Exception {
        int leader = partition(0).leader().id();
        ActiveFault fault = inject(new IsolateFault(), TargetSelector.leaderOf(TOPIC, 0), Duration.ofMinutes(2));
        assertThat(fault.targets()).containsExactly(lab.containerOfNode(leader));

        // cut from the quorum, the broker is fenced after broker.session.timeout.ms and loses its partitions.
        // The wait is the readings': each starts a kafka-topics JVM inside a majority node, and one that first
        // asks the cut-off node waits out the tool's 6 s timeout. Measured in CI: 4.8 s and 38.9 s
        // (docs/testing.md, "Awaits"); 90 s is 2.3 times the worst.
        NodeView majority = viewFromAnyBut(leader);
        majority.await("partition 0 led by another broker, without " + leader + " in its ISR", Duration.ofSeconds(90),
                view -> view.partition(TOPIC, 0), p -> p.leader() != leader && p.leader() >= 0 && !p.isr().contains(leader));

        injector.revert(fault.id(), "test");
        awaitFullIsr();
    }

    @Test
    void blockingTheControllerPortMovesTheActiveController() throws Exception {
        int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        ActiveFault fault = inject(new BlockPortsFault(List.of(9093)),
                TargetSelector.byRole(TargetSelector.Role.ACTIVE_CONTROLLER), Duration.ofMinutes(2));
        assertThat(fault.targets()).containsExactly(lab.containerOfNode(controller));

        NodeView majority = viewFromAnyBut(controller);
        majority.await("another active controller than " + controller, Duration.ofSeconds(60),
                NodeView::activeController, now -> now >= 0 && now != controller);
        injector.revert(fault.id(), "test");
    }

    @Test
    void aPartitionByGroupsFencesTheMinorityUntilReverted() {
        ActiveFault fault = inject(new PartitionFault(List.of(List.of(1), List.of(2, 3)), null), null,
                Duration.ofMinutes(2));
        assertThat(fault.targets()).containsExactlyInAnyOrder(
                lab.containerOfNode(1), lab.containerOfNode(2), lab.containerOfNode(3));

        NodeView majority = new NodeView(lab, 2);
        // A leader on the majority side drops broker 1 from its ISR once it has not fetched for
        // replica.lag.time.max.ms (30 s, Kafka's default), checked every half of that: up to 45 s
        // after the cut. One reading (a JVM in a broker's container) takes up to 20 s on a busy host.
        majority.await("broker 1 out of every ISR, as the majority side sees it", Duration.ofSeconds(90),
                view -> view.partitions(TOPIC).values(),
                ps -> ps.size() == 3 && ps.stream().allMatch(p -> p.leader() >= 0 && !p.isr().contains(1)));

        injector.revert(fault.id(), "test");
    }

    @Test
    void aCpuQuotaIsSetAndTheOriginalRestored() {
        String container = lab.containerOfNode(1);
        // no quota: 0 if never set, -1 once a revert set it back (an earlier test's, in reverse order)
        assertThat(inspect(container, "{{.HostConfig.CpuQuota}}")).isIn("0", "-1");
        ActiveFault fault = inject(new CpuThrottleFault(0.5), TargetSelector.broker(1), Duration.ofMinutes(1));
        assertThat(inspect(container, "{{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}")).isEqualTo("50000 100000");

        injector.revert(fault.id(), "test");
        assertThat(inspect(container, "{{.HostConfig.CpuQuota}}")).isIn("0", "-1");
    }

    @Test
    void bandwidthPutsATokenBucketOnTheInterfaceUntilReverted() {
        String container = lab.containerOfNode(2);
        ActiveFault fault = inject(new BandwidthFault("10mbit", null, null), TargetSelector.broker(2),
                Duration.ofMinutes(1));
        assertThat(qdiscs(container)).contains("qdisc tbf").contains("rate 10Mbit");

        injector.revert(fault.id(), "test");
        assertThat(qdiscs(container)).doesNotContain("tbf");
    }

    private static String qdiscs(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "exec", container, "tc", "qdisc", "show", "dev", "eth0");
    }

    @Test
    void latencyWorksWhereTheKernelHasNetemAndIsRefusedPlainlyWhereItDoesNot() {
        boolean kernelHasNetem;
        try {
            Lab.Docker.output(Duration.ofSeconds(30), "run", "--rm", "--network", "none", "--cap-add", "NET_ADMIN",
                    "kafka-gameday/base:bookworm", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            kernelHasNetem = true;
        } catch (IllegalStateException e) {
            kernelHasNetem = false;
        }
        LatencyFault latency = new LatencyFault(Duration.ofMillis(50), null);
        if (kernelHasNetem) {
            ActiveFault fault = inject(latency, TargetSelector.broker(1), Duration.ofMinutes(1));
            assertThat(qdiscs(lab.containerOfNode(1))).contains("qdisc netem");
            injector.revert(fault.id(), "test");
            assertThat(qdiscs(lab.containerOfNode(1))).doesNotContain("netem");
        } else {
            assertThatThrownBy(() -> inject(latency, TargetSelector.broker(1), Duration.ofMinutes(1)))
                    .isInstanceOf(GamedayException.class)
                    .hasMessageContaining("latency needs netem, but the kernel of the Docker host")
                    .hasMessageContaining("has no netem qdisc");
            assertThat(qdiscs(lab.containerOfNode(1))).doesNotContain("netem");
        }
    }

    @Test
    void roleSelectorsAgreeWithTheClustersOwnMetadata() throws Exception {
        for (int p = 0; p < 3; p++) {
            int partition = p;
            // the test and the service may ask different brokers, and one may learn of a change a moment later
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                int leader = partition(partition).leader().id();
                assertThat(resolve(TargetSelector.leaderOf(TOPIC, partition))).containsExactly(Optional.of(leader));
                List<Integer> followers = partition(partition).replicas().stream().map(n -> n.id())
                        .filter(id -> id != leader).toList();
                assertThat(resolve(new TargetSelector(null, null, TargetSelector.Role.PARTITION_FOLLOWER, TOPIC,
                        partition, null, null, null))).singleElement().extracting(Optional::get).isIn(followers.toArray());
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
            assertThat(resolve(TargetSelector.byRole(TargetSelector.Role.ACTIVE_CONTROLLER)))
                    .containsExactly(Optional.of(controller));
        });
        assertThat(resolver.resolve(TargetSelector.broker(2), new Random()))
                .extracting(Target::containerName).containsExactly(lab.containerOfNode(2));
    }

    private List<Optional<Integer>> resolve(TargetSelector selector) {
        return resolver.resolve(selector, new Random(3)).stream().map(Target::nodeId).toList();
    }

    private static TopicPartitionInfo partition(int p) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().get(p);
    }

    private static void awaitFullIsr() {
        Awaitility.await("every partition of " + TOPIC + " with a full ISR")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                        .stream().allMatch(p -> p.isr().size() == 3 && p.leader() != null));
    }
}
