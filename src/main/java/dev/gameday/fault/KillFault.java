package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.List;
import java.util.Set;

/** Sends a signal that ends the broker's process (SIGKILL by default); revert starts it again. */
@JsonTypeName("kill")
public record KillFault(String signal) implements FaultSpec {

    static final Set<String> SIGNALS = Set.of("SIGKILL", "SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGABRT");

    public KillFault {
        signal = signal == null ? "SIGKILL" : signal;
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.KILL;
    }

    @Override
    public Hold hold() {
        return Hold.LIFECYCLE;
    }

    @Override
    public List<String> problems() {
        return SIGNALS.contains(signal) ? List.of()
                : List.of("signal: '" + signal + "' is not one that ends a process (use one of "
                        + SIGNALS.stream().sorted().toList() + ")");
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        return targets.stream().<Effect>map(t -> new Effect.Killed(t.containerId(), t.containerName(), signal)).toList();
    }
}
