package dev.gameday.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production topology (compose/controllers.yml): three dedicated controllers, node ids 101-103,
 * and three brokers, 1-3. The packaged service runs the default suite's own definitions
 * (experiments/) on it: each Kafka role resolves to the nodes it names (the brokers for every role but
 * the active controller; a controller-only node is never offered as a partition leader), a controller
 * is no broker to target by id, and the active controller SIGKILLed loses no acknowledged write and
 * leaves nothing behind.
 *
 * <p>Its lab is this JVM's shared test lab in that topology: the pom's Failsafe execution
 * {@code controllers-and-engine-restart} sets {@code -Dgameday.lab.topology=controllers}, and
 * DockerRestartIT runs after it on the same lab. Run alone:
 * {@code ./mvnw -B verify -Dit.test=ControllersLabIT -Dgameday.lab.topology=controllers}.
 */
class ControllersLabIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE_TOPIC = "gameday-probe";

    @RegisterExtension
    static final LabTopics topics = new LabTopics();

    static Lab lab;
    static Admin admin;
    static ServiceProcess service;

    @BeforeAll
    static void startTheService() throws Exception {
        lab = Lab.get();
        assertThat(lab.dedicatedControllers()).as("the test lab runs dedicated controllers: run with -D"
                + Lab.TOPOLOGY_PROPERTY + "=controllers (the pom's controllers-and-engine-restart execution does)")
                .isTrue();
        admin = Admin.create(lab.adminConfig());
        // the probe's topic, so that the roles that read its leaders resolve in a dry run
        topics.create(new NewTopic(PROBE_TOPIC, 6, (short) 3));
        Path data = Files.createTempDirectory(Path.of("target"), "controllers-");
        service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("experiments").toString(),
                "gameday.schedules.paused", "true"), Map.of());
        service.start().awaitLive();
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void theQuorumIsTheControllersAndTheBrokersHoldEveryReplica() throws Exception {
        QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
        assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(101, 102, 103);
        assertThat(quorum.leaderId()).isBetween(101, 103);
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                .containsExactlyInAnyOrder(1, 2, 3);
        var described = admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(30, TimeUnit.SECONDS)).allTopicNames().get(30, TimeUnit.SECONDS);
        TreeSet<Integer> leaders = new TreeSet<>();
        TreeSet<Integer> replicas = new TreeSet<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            leaders.add(p.leader().id());
            p.replicas().forEach(r -> replicas.add(r.id()));
        }));
        assertThat(leaders).isSubsetOf(1, 2, 3);
        assertThat(replicas).containsExactly(1, 2, 3);
    }

    @Test
    void eachRoleOfTheDefaultSuiteResolvesToTheNodesItNames() throws Exception {
        int controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        int leaderOfP0 = admin.describeTopics(List.of(PROBE_TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(PROBE_TOPIC).partitions().get(0).leader().id();
        List<String> brokers = Lab.NODES.stream().map(lab::container).toList();

        assertThat(containersOfADryRun("controller-kill")).containsExactly(lab.containerOfNode(controller));
        assertThat(containersOfADryRun("controller-port-block")).containsExactly(lab.containerOfNode(controller));
        assertThat(containersOfADryRun("leader-kill")).containsExactly(lab.containerOfNode(leaderOfP0));
        assertThat(containersOfADryRun("cpu-throttled-broker")).containsExactly(lab.containerOfNode(leaderOfP0));
        // the leader of the lowest-numbered partition the controller does not lead: a controller leads none
        assertThat(containersOfADryRun("leader-failover").get(0)).isEqualTo(lab.containerOfNode(leaderOfP0));
        assertThat(containersOfADryRun("broker-pause")).singleElement().isIn(brokers);
        // a partition's rules go on both sides: the minority (one broker, first) and the rest, controllers included
        List<String> partitioned = containersOfADryRun("minority-partition");
        assertThat(partitioned.get(0)).isIn(brokers);
        assertThat(partitioned).containsExactlyInAnyOrderElementsOf(lab.nodes().stream().map(lab::container).toList());
        assertThat(containersOfADryRun("two-of-three-down")).hasSize(2).isSubsetOf(brokers);
        assertThat(containersOfADryRun("rolling-restart")).containsExactlyElementsOf(brokers);
    }

    @Test
    void aControllerIsNoBrokerToTargetById() throws Exception {
        HttpResponse<String> validated = service.postYaml("/api/experiments/validate", """
                name: pause-controller-by-id
                probe: { topic: gameday-probe, partitions: 6, ratePerSecond: 100, warmup: 5s }
                hypothesis: { lostWrites: 0 }
                steps:
                  - fault: pause
                    target: { role: broker, id: 101 }
                    at: 0s
                    duration: 5s
                """);
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(400);
        assertThat(validated.body()).contains("steps[0].target.id: the cluster has no broker 101 (its brokers: [1, 2, 3])");
    }

    @Test
    void anActiveControllerKillLosesNoAcknowledgedWriteAndLeavesNothing() throws Exception {
        Leftovers leftovers = new Leftovers(lab);
        int controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        JsonNode run = service.awaitEnd(service.startRun("controller-kill"), Duration.ofMinutes(5));
        JsonNode fault = run.path("measured").path("perFault").path(0);
        System.out.printf("[controllers-it] controller-kill of %s: %s %s; unavailability %s ms, recovery %s ms%n",
                lab.containerOfNode(controller), run.path("status").asText(), run.path("reasons"),
                fault.path("unavailabilityMs").asText("?"), fault.path("recoveryMs").asText("?"));

        assertThat(run.path("status").asText()).as(run.toPrettyString()).isEqualTo("PASS");
        assertThat(run.path("steps").path(0).path("targets").path(0).asText())
                .isEqualTo(lab.containerOfNode(controller));
        assertThat(run.path("measured").path("counts").path("lost").asLong(-1)).isZero();
        leftovers.awaitNone(service.data().resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
    }

    /** The containers the first step of a dry run of the experiment would change, its targets first. */
    private static List<String> containersOfADryRun(String experiment) throws Exception {
        HttpResponse<String> dry = service.post("/api/experiments/" + experiment + "/runs?dryRun=true&seed=1", "");
        assertThat(dry.statusCode()).as(experiment + ": " + dry.body()).isEqualTo(200);
        List<String> containers = new ArrayList<>();
        JSON.readTree(dry.body()).path("steps").path(0).path("containers").forEach(c -> containers.add(c.asText()));
        return containers;
    }
}
