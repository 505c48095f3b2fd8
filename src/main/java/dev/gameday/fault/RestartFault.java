package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.List;

/** Restarts the container (graceful stop with {@code timeout}, then start); over once injected. */
@JsonTypeName("restart")
public record RestartFault(Duration timeout) implements FaultSpec {

    public RestartFault {
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    @Override
    public boolean lasting() {
        return false;
    }

    @Override
    public Duration injectionBudget(int targets) {
        return timeout.plusSeconds(30).multipliedBy(targets);
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.RESTART;
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
        return targets.stream()
                .<Effect>map(t -> new Effect.Restarted(t.containerId(), t.containerName(), timeout, Duration.ZERO))
                .toList();
    }
}
