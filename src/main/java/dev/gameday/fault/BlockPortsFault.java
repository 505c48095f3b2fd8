package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops TCP traffic to the given ports, in and out of each target: block 9093 and a leader keeps
 * its clients but loses the KRaft quorum.
 */
@JsonTypeName("block-ports")
public record BlockPortsFault(List<Integer> ports) implements FaultSpec {

    public BlockPortsFault {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

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
        List<String> problems = new ArrayList<>();
        if (ports.isEmpty()) {
            problems.add("ports: name at least one TCP port, e.g. [9093]");
        }
        ports.stream().filter(p -> p < 1 || p > 65535)
                .forEach(p -> problems.add("ports: " + p + " is not a TCP port (1-65535)"));
        return problems;
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        List<String> rules = ports.stream().map(p -> "-p tcp --dport " + p + " -j DROP").toList();
        return targets.stream().<Effect>map(t -> new Effect.FirewallRules(t.containerId(), t.containerName(), rules))
                .toList();
    }
}
