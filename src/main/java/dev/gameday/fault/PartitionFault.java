package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the cluster's nodes into groups that cannot reach each other. Either the step's targets
 * against all other nodes, or explicit {@code groups} of node ids ({@code [[1], [2, 3]]}). With
 * {@code oneWay}, only the first group (the targets) is cut from receiving: what it sends still
 * arrives, what is sent to it does not.
 */
@JsonTypeName("partition")
public record PartitionFault(List<List<Integer>> groups, Boolean oneWay) implements FaultSpec {

    public PartitionFault {
        groups = groups == null ? null : groups.stream().map(List::copyOf).toList();
        oneWay = oneWay != null && oneWay;
    }

    @Override
    public boolean needsTarget() {
        return groups == null;
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
        if (groups == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (groups.size() < 2) {
            problems.add("groups: a partition needs at least two groups, got " + groups.size());
        }
        Map<Integer, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).isEmpty()) {
                problems.add("groups[" + g + "]: is empty");
            }
            for (Integer node : groups.get(g)) {
                Integer earlier = groupOf.putIfAbsent(node, g);
                if (earlier != null) {
                    problems.add("groups: broker " + node + " is in groups[" + earlier + "] and groups[" + g + "]");
                }
            }
        }
        return problems;
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        List<List<ContainerInfo>> sides = new ArrayList<>();
        if (groups == null) {
            List<ContainerInfo> chosen = targets.stream().map(topology::container).toList();
            sides.add(chosen);
            sides.add(topology.nodes().values().stream().filter(c -> !chosen.contains(c)).toList());
        } else {
            groups.forEach(g -> sides.add(g.stream().map(topology::node).toList()));
        }
        List<Effect> effects = new ArrayList<>();
        for (int g = 0; g < sides.size(); g++) {
            if (oneWay && g > 0) {
                break;
            }
            List<ContainerInfo> others = new ArrayList<>();
            for (int h = 0; h < sides.size(); h++) {
                if (h != g) {
                    others.addAll(sides.get(h));
                }
            }
            List<String> otherAddresses = Topology.addressesOf(others);
            for (ContainerInfo member : sides.get(g)) {
                effects.add(Firewall.cutOff(member.id(), member.name(), otherAddresses, !oneWay));
            }
        }
        return effects;
    }
}
