package dev.gameday.target;

import java.util.Optional;

/**
 * One container a fault acts on, as resolved at injection time.
 *
 * @param nodeId the Kafka node id from the {@code gameday.kafka.node-id} label, when it has one
 */
public record Target(String containerId, String containerName, Optional<Integer> nodeId) {

    public String describe() {
        String id = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
        return containerName + " (id " + id + ")";
    }
}
