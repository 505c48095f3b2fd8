package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.List;

/**
 * Restarts each target in turn, the way an upgrade does: the next one only once the cluster is
 * healthy again (no under-replicated or offline partitions), or fails after {@code healthyWithin}.
 */
@JsonTypeName("rolling-restart")
public record RollingRestartFault(Duration timeout, Duration healthyWithin) implements FaultSpec {

    public RollingRestartFault {
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        healthyWithin = healthyWithin == null ? Duration.ofMinutes(2) : healthyWithin;
    }

    @Override
    public boolean lasting() {
        return false;
    }

    @Override
    public Duration injectionBudget(int targets) {
        return timeout.plus(healthyWithin).multipliedBy(Math.max(1, targets));
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
        if (timeout.isNegative()) {
            return List.of("timeout: must not be negative");
        }
        return healthyWithin.isZero() || healthyWithin.isNegative()
                ? List.of("healthyWithin: must be longer than 0s") : List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        return targets.stream()
                .<Effect>map(t -> new Effect.Restarted(t.containerId(), t.containerName(), timeout, healthyWithin))
                .toList();
    }
}
