package dev.gameday.target;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.kafka.KafkaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Turns a {@link TargetSelector} into containers. Only containers with the allow-list label can
 * come out of it: anything else is refused, naming the container, before any call that changes
 * something is made.
 */
@ApplicationScoped
public class TargetResolver {

    public static final String NODE_ID_LABEL = "gameday.kafka.node-id";
    public static final String CLUSTER_LABEL = "gameday.cluster";
    /** The role of a container that is not a Kafka node: connect-worker, schema-registry. */
    public static final String ROLE_LABEL = "gameday.role";

    private final ContainerRuntime runtime;
    private final KafkaRoles roles;
    private final String allowKey;
    private final String allowValue;
    private final Optional<String> cluster;

    public TargetResolver(ContainerRuntime runtime, KafkaRoles roles, SafetyConfig safety, KafkaConfig kafka) {
        this.runtime = runtime;
        this.roles = roles;
        String[] label = safety.targetLabel().split("=", 2);
        if (label.length != 2 || label[0].isBlank()) {
            throw new IllegalArgumentException("gameday.safety.target-label must be key=value, got '"
                    + safety.targetLabel() + "'");
        }
        this.allowKey = label[0];
        this.allowValue = label[1];
        this.cluster = kafka.cluster();
    }

    public String allowLabel() {
        return allowKey + "=" + allowValue;
    }

    /** Resolves a selector; role-based ones ask the cluster now, random ones draw from {@code random}. */
    public List<Target> resolve(TargetSelector selector, Random random) {
        List<String> problems = selector.problems();
        if (!problems.isEmpty()) {
            throw new TargetRefusedException("target " + selector.describe() + ": " + String.join("; ", problems));
        }
        if (selector.name() != null) {
            return List.of(allowed(runtime.inspect(selector.name())));
        }
        if (selector.label() != null) {
            return byLabel(selector.label());
        }
        return byRole(selector, random);
    }

    /** Every allow-listed Kafka node of this cluster, by node id. */
    public Map<Integer, ContainerInfo> clusterNodes() {
        Map<Integer, List<ContainerInfo>> byId = new HashMap<>();
        for (ContainerInfo container : runtime.list(scope())) {
            String nodeId = container.labels().get(NODE_ID_LABEL);
            if (nodeId != null) {
                byId.computeIfAbsent(parseNodeId(container, nodeId), k -> new ArrayList<>()).add(container);
            }
        }
        Map<Integer, ContainerInfo> nodes = new HashMap<>();
        byId.forEach((id, containers) -> {
            if (containers.size() > 1) {
                throw new TargetRefusedException("broker " + id + " maps to " + containers.size() + " containers ("
                        + String.join(", ", containers.stream().map(ContainerInfo::describe).toList())
                        + "); set gameday.kafka.cluster to the " + CLUSTER_LABEL + " label of the cluster under test");
            }
            nodes.put(id, containers.get(0));
        });
        return nodes;
    }

    private List<Target> byLabel(String label) {
        String[] kv = label.split("=", 2);
        List<ContainerInfo> matching = runtime.list(Map.of(kv[0], kv[1]));
        List<Target> targets = new ArrayList<>();
        for (ContainerInfo container : matching) {
            targets.add(allowed(container));
        }
        if (targets.isEmpty()) {
            throw new TargetRefusedException("no container carries the label " + label);
        }
        return targets;
    }

    private List<Target> byRole(TargetSelector selector, Random random) {
        return switch (selector.role()) {
            case PARTITION_LEADER -> {
                int leader = roles.leaderOf(selector.topic(), selector.partition());
                if (leader < 0) {
                    throw new TargetRefusedException(selector.topic() + "-" + selector.partition()
                            + " has no leader (offline partition)");
                }
                yield List.of(node(leader));
            }
            case PARTITION_FOLLOWER -> {
                int leader = roles.leaderOf(selector.topic(), selector.partition());
                List<Integer> followers = new ArrayList<>(roles.replicasOf(selector.topic(), selector.partition()));
                followers.remove(Integer.valueOf(leader));
                if (followers.isEmpty()) {
                    throw new TargetRefusedException(selector.topic() + "-" + selector.partition() + " has no follower");
                }
                yield List.of(node(followers.get(random.nextInt(followers.size()))));
            }
            case LEADER_NOT_CONTROLLER -> {
                int controller = roles.activeController();
                List<Integer> leaders = roles.leadersOf(selector.topic());
                yield leaders.stream().filter(leader -> leader >= 0 && leader != controller).findFirst()
                        .map(leader -> List.of(node(leader)))
                        .orElseThrow(() -> new TargetRefusedException("every partition of " + selector.topic()
                                + " with a leader is led by the active controller " + controller + " (leaders: "
                                + leaders + ")"));
            }
            case ACTIVE_CONTROLLER -> List.of(node(roles.activeController()));
            case BROKER -> List.of(node(selector.id()));
            case RANDOM_BROKER -> pick(roles.brokerIds(), 1, random);
            case MINORITY -> {
                List<Integer> brokers = roles.brokerIds();
                yield pick(brokers, (brokers.size() - 1) / 2, random);
            }
            case MAJORITY -> {
                List<Integer> brokers = roles.brokerIds();
                yield pick(brokers, brokers.size() / 2 + 1, random);
            }
            case ALL_BROKERS -> roles.brokerIds().stream().map(this::node).toList();
            case GROUP_COORDINATOR -> List.of(node(roles.groupCoordinator(selector.group())));
            case TRANSACTION_COORDINATOR -> List.of(node(roles.transactionCoordinator(selector.transactionalId())));
            case CONNECT_WORKER, SCHEMA_REGISTRY -> {
                List<ContainerInfo> carriers = carriersOf(selector.role());
                yield List.of(toTarget(carriers.get(random.nextInt(carriers.size()))));
            }
        };
    }

    /** A container as Docker describes it now, by id (of a target this resolver chose). */
    public ContainerInfo container(String id) {
        return runtime.inspect(id);
    }

    /**
     * The containers of this cluster's allow-list that carry a labelled role, by name; refused when
     * there is none (a lab started without the profile that runs them).
     */
    public List<ContainerInfo> carriersOf(TargetSelector.Role role) {
        Map<String, String> labels = scope();
        labels.put(ROLE_LABEL, role.id());
        List<ContainerInfo> carriers = new ArrayList<>(runtime.list(labels));
        if (carriers.isEmpty()) {
            throw new TargetRefusedException("no container carries " + ROLE_LABEL + "=" + role.id() + " and "
                    + allowLabel() + cluster.map(c -> " and " + CLUSTER_LABEL + "=" + c).orElse("")
                    + ": this lab runs no " + role.id() + " (compose/lab.sh up --integrations starts the "
                    + "integrations profile)");
        }
        carriers.sort(Comparator.comparing(ContainerInfo::name));
        return carriers;
    }

    private List<Target> pick(List<Integer> brokerIds, int count, Random random) {
        if (count < 1) {
            throw new TargetRefusedException("the cluster has " + brokerIds.size() + " broker(s): too few to pick "
                    + "a group of " + count);
        }
        List<Integer> shuffled = new ArrayList<>(brokerIds);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, count).stream().sorted().map(this::node).toList();
    }

    private Target node(int nodeId) {
        ContainerInfo container = clusterNodes().get(nodeId);
        if (container == null) {
            throw new TargetRefusedException("broker " + nodeId + " maps to no container: none carries the labels "
                    + NODE_ID_LABEL + "=" + nodeId + " and " + allowLabel()
                    + cluster.map(c -> " and " + CLUSTER_LABEL + "=" + c).orElse(""));
        }
        return toTarget(container);
    }

    private Target allowed(ContainerInfo container) {
        if (!container.hasLabel(allowKey, allowValue)) {
            throw new TargetRefusedException("container " + container.describe() + " does not carry the allow-list label "
                    + allowLabel() + "; a game day may not touch it");
        }
        if (cluster.isPresent() && !container.hasLabel(CLUSTER_LABEL, cluster.get())) {
            throw new TargetRefusedException("container " + container.describe() + " belongs to another cluster than "
                    + CLUSTER_LABEL + "=" + cluster.get() + "; a game day may not touch it");
        }
        return toTarget(container);
    }

    private Map<String, String> scope() {
        Map<String, String> labels = new HashMap<>();
        labels.put(allowKey, allowValue);
        cluster.ifPresent(c -> labels.put(CLUSTER_LABEL, c));
        return labels;
    }

    private static int parseNodeId(ContainerInfo container, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TargetRefusedException("container " + container.describe() + " has " + NODE_ID_LABEL + "='"
                    + value + "', which is not a node id");
        }
    }

    static Target toTarget(ContainerInfo container) {
        String nodeId = container.labels().get(NODE_ID_LABEL);
        return new Target(container.id(), container.name(),
                Optional.ofNullable(nodeId).map(v -> parseNodeId(container, v)));
    }
}
