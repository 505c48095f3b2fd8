package dev.gameday.fault;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.target.Target;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cluster's containers at the moment a fault is planned: what a plan needs to know beyond its
 * targets (the peers to cut off, a container's CPU quota before it is changed). Read from Docker
 * on first use only, so that a kill or a pause costs no extra call.
 */
public final class Topology {

    private final Supplier<Map<Integer, ContainerInfo>> source;
    private final Function<String, ContainerInfo> inspect;
    private Map<Integer, ContainerInfo> nodes;

    /**
     * @param source  the cluster's Kafka nodes
     * @param inspect one container by id: a target that is no Kafka node (a Connect worker, a
     *                registry node), already resolved within the allow-listed containers
     */
    public Topology(Supplier<Map<Integer, ContainerInfo>> source, Function<String, ContainerInfo> inspect) {
        this.source = source;
        this.inspect = inspect;
    }

    /** Every allow-listed Kafka node of the cluster, by node id. */
    public synchronized Map<Integer, ContainerInfo> nodes() {
        if (nodes == null) {
            nodes = Map.copyOf(source.get());
        }
        return nodes;
    }

    /** A target's container: one of the Kafka nodes, or any other target as Docker describes it now. */
    public ContainerInfo container(Target target) {
        return nodes().values().stream()
                .filter(c -> c.id().equals(target.containerId()))
                .findFirst()
                .orElseGet(() -> inspect.apply(target.containerId()));
    }

    public ContainerInfo node(int nodeId) {
        ContainerInfo node = nodes().get(nodeId);
        if (node == null) {
            throw new FaultException("broker " + nodeId + " has no container in the cluster (nodes: "
                    + nodes().keySet().stream().sorted().toList() + ")");
        }
        return node;
    }

    /** IP addresses, on every network, of the nodes not among {@code containerIds}. */
    public List<String> addressesExcept(Set<String> containerIds) {
        return addressesOf(nodes().values().stream().filter(c -> !containerIds.contains(c.id())).toList());
    }

    public static List<String> addressesOf(Collection<ContainerInfo> containers) {
        return containers.stream()
                .flatMap(c -> c.networks().values().stream())
                .map(ContainerInfo.NetworkEndpoint::ipAddress)
                .filter(ip -> ip != null && !ip.isBlank())
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }
}
