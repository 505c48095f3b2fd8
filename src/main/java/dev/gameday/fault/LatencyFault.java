package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Delays every packet each target sends by {@code delay} (± {@code jitter}) with tc netem. */
@JsonTypeName("latency")
public record LatencyFault(Duration delay, Duration jitter) implements FaultSpec {

    public LatencyFault {
        jitter = jitter == null ? Duration.ZERO : jitter;
    }

    @Override
    public boolean needsNetem() {
        return true;
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.NETWORK;
    }

    @Override
    public Hold hold() {
        return Hold.TRAFFIC_SHAPING;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (delay == null || delay.isZero() || delay.isNegative()) {
            problems.add("delay: give the added latency, e.g. 100ms");
        }
        if (jitter.isNegative()) {
            problems.add("jitter: must not be negative");
        }
        return problems;
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        String qdisc = "netem delay " + delay.toMillis() + "ms" + (jitter.isZero() ? "" : " " + jitter.toMillis() + "ms");
        return targets.stream().<Effect>map(t -> new Effect.TrafficShaping(t.containerId(), t.containerName(), qdisc))
                .toList();
    }
}
