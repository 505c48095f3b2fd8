package dev.gameday.docker;

import java.util.Map;

/**
 * What the service needs to know of one container, read from Docker.
 *
 * @param name         without Docker's leading slash
 * @param exitCode     of the last exit; 137 after SIGKILL
 * @param networks     network name -> this container's endpoint on it
 * @param cpuQuotaMicros 0 when no quota is set
 */
public record ContainerInfo(
        String id,
        String name,
        ContainerState state,
        long exitCode,
        Map<String, String> labels,
        Map<String, NetworkEndpoint> networks,
        long cpuQuotaMicros,
        long cpuPeriodMicros) {

    public record NetworkEndpoint(String ipAddress) {}

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** "kafka-2 (id 3f2a9c0d1e2b)", the way every message names a container. */
    public String describe() {
        return name + " (id " + shortId() + ")";
    }

    public boolean hasLabel(String key, String value) {
        return value.equals(labels.get(key));
    }
}
