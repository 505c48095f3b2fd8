package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.List;

/** Stops the container gracefully (SIGTERM, then SIGKILL after {@code timeout}); revert starts it. */
@JsonTypeName("stop")
public record StopFault(Duration timeout) implements FaultSpec {

    public StopFault {
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.STOP;
    }

    @Override
    public Hold hold() {
        return Hold.LIFECYCLE;
    }

    @Override
    public List<String> problems() {
        return timeout.isNegative() ? List.of("timeout: must not be negative") : List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        return targets.stream().<Effect>map(t -> new Effect.Stopped(t.containerId(), t.containerName(), timeout)).toList();
    }
}
