package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.List;
import java.util.Set;

/**
 * Cuts each target off from every other Kafka node of the cluster, both ways. Clients outside the
 * cluster still reach it: the classic "leader that only its producers can see".
 */
@JsonTypeName("isolate")
public record IsolateFault() implements FaultSpec {

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.NETWORK;
    }

    @Override
    public Hold hold() {
        return Hold.FIREWALL;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        return targets.stream()
                .<Effect>map(t -> Firewall.cutOff(t.containerId(), t.containerName(),
                        topology.addressesExcept(Set.of(t.containerId())), true))
                .toList();
    }
}
