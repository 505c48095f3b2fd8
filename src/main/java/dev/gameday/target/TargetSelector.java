package dev.gameday.target;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which containers a step acts on: by container {@code name}, by {@code label} (key=value), or by
 * Kafka {@code role}. Exactly one of the three. Roles that concern a partition need {@code topic}
 * and {@code partition}; {@code broker} needs {@code id}; {@code group-coordinator} needs {@code group}
 * and {@code transaction-coordinator} {@code transactionalId}, which an experiment fills in with its
 * probe's own when they are not given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetSelector(String name, String label, Role role, String topic, Integer partition, Integer id,
                             String group, String transactionalId) {

    public enum Role {
        /** The leader of topic-partition. */
        PARTITION_LEADER,
        /** One follower of topic-partition, chosen with the run's seeded random. */
        PARTITION_FOLLOWER,
        /**
         * The leader of the lowest-numbered partition of topic that the active controller does not
         * lead: a leader failure alone, where nodes are broker and controller at once.
         */
        LEADER_NOT_CONTROLLER,
        /** The active KRaft controller (the leader of the metadata quorum). */
        ACTIVE_CONTROLLER,
        /** One broker, chosen with the run's seeded random. */
        RANDOM_BROKER,
        /** The broker with node id {@code id}. */
        BROKER,
        /** The largest group of brokers that is still a minority: 1 of 3, 2 of 5. */
        MINORITY,
        /** The smallest majority of brokers: 2 of 3, 3 of 5. */
        MAJORITY,
        /** Every broker, in node id order. */
        ALL_BROKERS,
        /** The coordinator of consumer group {@code group}: the leader of its partition of __consumer_offsets. */
        GROUP_COORDINATOR,
        /** The coordinator of transactional id {@code transactionalId}: the leader of its partition of __transaction_state. */
        TRANSACTION_COORDINATOR,
        /**
         * One Kafka Connect worker of the lab (a container labelled {@code gameday.role=connect-worker}),
         * chosen with the run's seeded random; the {@code integrations} profile runs two.
         */
        CONNECT_WORKER,
        /** One schema registry node ({@code gameday.role=schema-registry}), chosen with the run's seeded random. */
        SCHEMA_REGISTRY;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Role of(String id) {
            for (Role role : values()) {
                if (role.id().equals(id)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role '" + id + "' (known: " + known() + ")");
        }

        static String known() {
            return String.join(", ", Arrays.stream(values()).map(Role::id).toList());
        }

        boolean needsPartition() {
            return this == PARTITION_LEADER || this == PARTITION_FOLLOWER;
        }

        /** A role that containers carry as a label, not one the cluster's metadata decides. */
        public boolean labelled() {
            return this == CONNECT_WORKER || this == SCHEMA_REGISTRY;
        }
    }

    public static TargetSelector byName(String name) {
        return new TargetSelector(name, null, null, null, null, null, null, null);
    }

    public static TargetSelector byRole(Role role) {
        return new TargetSelector(null, null, role, null, null, null, null, null);
    }

    public static TargetSelector leaderOf(String topic, int partition) {
        return new TargetSelector(null, null, Role.PARTITION_LEADER, topic, partition, null, null, null);
    }

    public static TargetSelector broker(int id) {
        return new TargetSelector(null, null, Role.BROKER, null, null, id, null, null);
    }

    public static TargetSelector coordinatorOfGroup(String group) {
        return new TargetSelector(null, null, Role.GROUP_COORDINATOR, null, null, null, group, null);
    }

    public static TargetSelector coordinatorOfTransactions(String transactionalId) {
        return new TargetSelector(null, null, Role.TRANSACTION_COORDINATOR, null, null, null, null, transactionalId);
    }

    /**
     * The selector with the probe's own group and transactional id where a coordinator role names
     * none: what "the coordinator of the probe's group" means.
     *
     * @param probeGroup         null without a group probe
     * @param probeTransactional null without transactions
     */
    public TargetSelector withProbeIds(String probeGroup, String probeTransactional) {
        if (role == Role.GROUP_COORDINATOR && group == null && probeGroup != null) {
            return coordinatorOfGroup(probeGroup);
        }
        if (role == Role.TRANSACTION_COORDINATOR && transactionalId == null && probeTransactional != null) {
            return coordinatorOfTransactions(probeTransactional);
        }
        return this;
    }

    /** What is wrong with this selector, each problem naming its field; empty when it is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        int kinds = (name != null ? 1 : 0) + (label != null ? 1 : 0) + (role != null ? 1 : 0);
        if (kinds != 1) {
            problems.add("give exactly one of name, label or role (roles: " + Role.known() + ")");
            return problems;
        }
        if (label != null && !label.contains("=")) {
            problems.add("label: '" + label + "' is not key=value");
        }
        if (role != null && role.needsPartition()) {
            if (topic == null || topic.isBlank()) {
                problems.add("topic: role " + role.id() + " needs the topic");
            }
            if (partition == null || partition < 0) {
                problems.add("partition: role " + role.id() + " needs a partition number >= 0");
            }
        }
        if (role == Role.LEADER_NOT_CONTROLLER && (topic == null || topic.isBlank())) {
            problems.add("topic: role " + role.id() + " needs the topic");
        }
        if (role == Role.BROKER && (id == null || id < 0)) {
            problems.add("id: role broker needs the broker's node id");
        }
        if (role == Role.GROUP_COORDINATOR && (group == null || group.isBlank())) {
            problems.add("group: role group-coordinator needs the consumer group, or a group probe (probe.group) "
                    + "whose group it then is");
        }
        if (role == Role.TRANSACTION_COORDINATOR && (transactionalId == null || transactionalId.isBlank())) {
            problems.add("transactionalId: role transaction-coordinator needs the transactional id, or transactions "
                    + "(probe.transactions) whose id it then is");
        }
        return problems;
    }

    public String describe() {
        if (name != null) {
            return "container " + name;
        }
        if (label != null) {
            return "containers labelled " + label;
        }
        return switch (role) {
            case PARTITION_LEADER, PARTITION_FOLLOWER -> role.id() + " of " + topic + "-" + partition;
            case BROKER -> "broker " + id;
            case LEADER_NOT_CONTROLLER -> role.id() + " of " + topic;
            case GROUP_COORDINATOR -> role.id() + " of " + group;
            case TRANSACTION_COORDINATOR -> role.id() + " of " + transactionalId;
            default -> role.id();
        };
    }
}
