package dev.gameday.target;

import java.util.List;

/** The cluster's own view of who is who, read at the moment a target is resolved. */
public interface KafkaRoles {

    /** Node ids of the brokers registered with the controller and not fenced, in ascending order. */
    List<Integer> brokerIds();

    /**
     * Node ids of every broker the cluster has, fenced ones included (a broker that is down stays
     * registered), in ascending order.
     */
    List<Integer> registeredBrokerIds();

    /**
     * The leader of topic-partition, or -1 when it has none; a moment without one, while a leader is
     * elected, is waited out.
     */
    int leaderOf(String topic, int partition);

    /** The leader of each partition of the topic, by partition number; -1 for a partition without one. */
    List<Integer> leadersOf(String topic);

    /** The replicas of topic-partition, leader included. */
    List<Integer> replicasOf(String topic, int partition);

    /** The node id of the active controller. */
    int activeController();

    /**
     * The node id of the coordinator of a consumer group; a {@link TargetNotYetKnownException} when
     * the cluster does not know the group (yet).
     */
    int groupCoordinator(String group);

    /**
     * The node id of the coordinator of a transactional id; a {@link TargetNotYetKnownException} when
     * the cluster does not know the id (yet).
     */
    int transactionCoordinator(String transactionalId);
}
