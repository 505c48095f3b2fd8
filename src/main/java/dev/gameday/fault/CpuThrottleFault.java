package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.List;

/**
 * Caps the container at {@code cpus} CPUs (a CFS quota, as {@code docker update --cpus});
 * revert restores the quota it had, or lifts it.
 */
@JsonTypeName("cpu-throttle")
public record CpuThrottleFault(Double cpus) implements FaultSpec {

    static final long PERIOD_MICROS = 100_000;
    /** The kernel's smallest CFS quota. */
    static final long MIN_QUOTA_MICROS = 1_000;

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.CPU_QUOTA;
    }

    @Override
    public Hold hold() {
        return Hold.CPU;
    }

    @Override
    public List<String> problems() {
        if (cpus == null) {
            return List.of("cpus: give the CPU limit, e.g. 0.2 for a fifth of one CPU");
        }
        return cpus * PERIOD_MICROS < MIN_QUOTA_MICROS || cpus > 1024
                ? List.of("cpus: must be between 0.01 and 1024, got " + cpus) : List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        long quota = Math.round(cpus * PERIOD_MICROS);
        return targets.stream().<Effect>map(t -> {
            ContainerInfo container = topology.container(t);
            return new Effect.CpuQuota(t.containerId(), t.containerName(), quota, PERIOD_MICROS,
                    container.cpuQuotaMicros(), container.cpuPeriodMicros());
        }).toList();
    }
}
