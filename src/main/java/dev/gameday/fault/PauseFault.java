package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.List;

/**
 * Freezes every process of the container (cgroup freezer): what a broker sees in a long GC pause
 * or a stalled VM. Its sockets stay open and nothing answers. Revert thaws it.
 */
@JsonTypeName("pause")
public record PauseFault() implements FaultSpec {

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.PAUSE;
    }

    @Override
    public Hold hold() {
        return Hold.LIFECYCLE;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        return targets.stream().<Effect>map(t -> new Effect.Paused(t.containerId(), t.containerName())).toList();
    }
}
