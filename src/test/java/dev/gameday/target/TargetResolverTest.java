package dev.gameday.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.RecordingRuntime;
import dev.gameday.kafka.KafkaConfig;
import dev.gameday.kafka.TestKafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetResolverTest {

    final RecordingRuntime runtime = new RecordingRuntime().node(1).node(2).node(3);
    int leader = 3;
    int controller = 1;
    List<Integer> leaders = List.of(1, 2, 3);

    final KafkaRoles roles = new KafkaRoles() {
        public List<Integer> brokerIds() {
            return List.of(1, 2, 3);
        }

        public List<Integer> registeredBrokerIds() {
            return brokerIds();
        }

        public int leaderOf(String topic, int partition) {
            return leader;
        }

        public List<Integer> replicasOf(String topic, int partition) {
            return List.of(3, 1, 2);
        }

        public List<Integer> leadersOf(String topic) {
            return leaders;
        }

        public int activeController() {
            return controller;
        }

        public int groupCoordinator(String group) {
            return 2;
        }

        public int transactionCoordinator(String transactionalId) {
            if (!transactionalId.equals("gameday-txn")) {
                throw new TargetNotYetKnownException("the cluster does not know transactional id " + transactionalId + " yet");
            }
            return 1;
        }
    };

    TargetResolver resolver(Optional<String> cluster) {
        SafetyConfig safety = new SafetyConfig() {
            public String targetLabel() {
                return "gameday.target=true";
            }

            public Path journal() {
                return Path.of("unused");
            }

            public Duration revertGrace() {
                return Duration.ZERO;
            }

            public Duration maxFaultDuration() {
                return Duration.ofHours(1);
            }

            public boolean sweepOnStart() {
                return false;
            }
        };
        KafkaConfig kafka = TestKafkaConfig.plain("x:1", cluster);
        return new TargetResolver(runtime, roles, safety, kafka);
    }

    List<String> names(TargetSelector selector, long seed) {
        return resolver(Optional.empty()).resolve(selector, new Random(seed)).stream().map(Target::containerName).toList();
    }

    @Test
    void rolesMapToTheContainerLabelledWithTheNodeId() {
        assertThat(names(TargetSelector.leaderOf("probe", 0), 1)).containsExactly("kafka-3");
        assertThat(names(TargetSelector.byRole(TargetSelector.Role.ACTIVE_CONTROLLER), 1)).containsExactly("kafka-1");
        assertThat(names(TargetSelector.broker(2), 1)).containsExactly("kafka-2");
        assertThat(names(TargetSelector.byRole(TargetSelector.Role.ALL_BROKERS), 1))
                .containsExactly("kafka-1", "kafka-2", "kafka-3");
    }

    @Test
    void aLeaderNotControllerSkipsThePartitionsTheControllerLeads() {
        TargetSelector selector = new TargetSelector(null, null, TargetSelector.Role.LEADER_NOT_CONTROLLER, "probe",
                null, null, null, null);
        assertThat(names(selector, 1)).containsExactly("kafka-2");
        controller = 2;
        leaders = List.of(2, -1, 2, 3);
        assertThat(names(selector, 1)).containsExactly("kafka-3");
        leaders = List.of(2, -1);
        assertThatThrownBy(() -> names(selector, 1)).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("every partition of probe with a leader is led by the active controller 2");
        assertThat(new TargetSelector(null, null, TargetSelector.Role.LEADER_NOT_CONTROLLER, null, null, null, null, null).problems())
                .containsExactly("topic: role leader-not-controller needs the topic");
    }

    @Test
    void aFollowerIsNeverTheLeader() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(names(new TargetSelector(null, null, TargetSelector.Role.PARTITION_FOLLOWER, "probe", 0, null, null, null), seed))
                    .singleElement().isIn("kafka-1", "kafka-2");
        }
    }

    @Test
    void randomChoicesAreReproducibleFromTheSeed() {
        TargetSelector random = TargetSelector.byRole(TargetSelector.Role.RANDOM_BROKER);
        assertThat(names(random, 42)).isEqualTo(names(random, 42));
        assertThat(names(TargetSelector.byRole(TargetSelector.Role.MINORITY), 5)).hasSize(1);
        assertThat(names(TargetSelector.byRole(TargetSelector.Role.MAJORITY), 5)).hasSize(2);
    }

    @Test
    void aBrokerWithoutAContainerOrWithTwoIsAnError() {
        assertThatThrownBy(() -> names(TargetSelector.broker(7), 1))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("broker 7 maps to no container: none carries the labels gameday.kafka.node-id=7 "
                        + "and gameday.target=true");

        runtime.add(new ContainerInfo("id-other-2", "other-kafka-2", ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.kafka.node-id", "2", "gameday.cluster", "other"), Map.of(), 0, 0));
        assertThatThrownBy(() -> names(TargetSelector.broker(2), 1))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("broker 2 maps to 2 containers (kafka-2 (id id-kafka-2), other-kafka-2 (id id-other-2))")
                .hasMessageContaining("set gameday.kafka.cluster");
        assertThat(resolver(Optional.of("other")).resolve(TargetSelector.broker(2), new Random()))
                .extracting(Target::containerName).containsExactly("other-kafka-2");
    }

    @Test
    void selectorsWithMissingOrConflictingFieldsAreRefusedNamingTheField() {
        assertThat(new TargetSelector("a", null, TargetSelector.Role.BROKER, null, null, 1, null, null).problems())
                .singleElement().asString().startsWith("give exactly one of name, label or role");
        assertThat(new TargetSelector(null, null, TargetSelector.Role.PARTITION_LEADER, null, null, null, null, null).problems())
                .containsExactly("topic: role partition-leader needs the topic",
                        "partition: role partition-leader needs a partition number >= 0");
        assertThat(new TargetSelector(null, "app", null, null, null, null, null, null).problems())
                .containsExactly("label: 'app' is not key=value");
    }

    @Test
    void aLabelSelectorRefusesMatchesOutsideTheAllowList() {
        runtime.add(new ContainerInfo("id-zk", "zookeeper", ContainerState.RUNNING, 0, Map.of("tier", "data"), Map.of(), 0, 0));
        assertThatThrownBy(() -> names(new TargetSelector(null, "tier=data", null, null, null, null, null, null), 1))
                .hasMessageContaining("container zookeeper (id id-zk) does not carry the allow-list label");
    }

    @Test
    void theCoordinatorsOfTheProbesGroupAndTransactionalIdAreRolesLikeTheOthers() {
        assertThat(names(TargetSelector.coordinatorOfGroup("gameday-group"), 1)).containsExactly("kafka-2");
        assertThat(names(TargetSelector.coordinatorOfTransactions("gameday-txn"), 1)).containsExactly("kafka-1");
        assertThatThrownBy(() -> names(TargetSelector.coordinatorOfTransactions("gameday-new"), 1))
                .isInstanceOf(TargetNotYetKnownException.class);
        assertThat(TargetSelector.byRole(TargetSelector.Role.GROUP_COORDINATOR).problems()).containsExactly(
                "group: role group-coordinator needs the consumer group, or a group probe (probe.group) whose group it "
                        + "then is");
        assertThat(TargetSelector.byRole(TargetSelector.Role.GROUP_COORDINATOR).withProbeIds("gameday-g", null))
                .isEqualTo(TargetSelector.coordinatorOfGroup("gameday-g"));
    }

    @Test
    void connectWorkersAndRegistryNodesAreTheContainersLabelledWithTheirRole() {
        for (String worker : List.of("connect-2", "connect-1")) {
            runtime.add(new ContainerInfo("id-" + worker, worker, ContainerState.RUNNING, 0,
                    Map.of("gameday.target", "true", "gameday.role", "connect-worker"), Map.of(), 0, 0));
        }
        runtime.add(new ContainerInfo("id-stray", "stray-connect", ContainerState.RUNNING, 0,
                Map.of("gameday.role", "connect-worker"), Map.of(), 0, 0)); // outside the allow-list
        TargetSelector worker = TargetSelector.byRole(TargetSelector.Role.CONNECT_WORKER);
        assertThat(worker.problems()).isEmpty();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (long seed : new Random(7).longs(20).toArray()) { // runs' seeds are random longs (small ones draw alike)
            seen.addAll(names(worker, seed));
            assertThat(names(worker, seed)).as("the same seed, the same worker").isEqualTo(names(worker, seed));
        }
        assertThat(seen).containsExactly("connect-1", "connect-2");

        assertThatThrownBy(() -> names(TargetSelector.byRole(TargetSelector.Role.SCHEMA_REGISTRY), 1))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("no container carries gameday.role=schema-registry and gameday.target=true: this lab "
                        + "runs no schema-registry (compose/lab.sh up --integrations starts the integrations profile)");
    }
}
