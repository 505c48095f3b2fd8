package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerNotFoundException;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.HelperResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One concrete change to one container. It is written to the fault journal before it is made, and
 * carries everything its revert needs, so that a service that crashed can undo it after a restart.
 * Inject and revert mirror each other; revert is idempotent: reverting twice, or reverting what was
 * never applied, changes nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "effect")
@JsonSubTypes({
    @JsonSubTypes.Type(Effect.Killed.class),
    @JsonSubTypes.Type(Effect.Stopped.class),
    @JsonSubTypes.Type(Effect.Restarted.class),
    @JsonSubTypes.Type(Effect.Paused.class),
    @JsonSubTypes.Type(Effect.FirewallRules.class),
    @JsonSubTypes.Type(Effect.TrafficShaping.class),
    @JsonSubTypes.Type(Effect.CpuQuota.class)
})
public sealed interface Effect {

    String containerId();

    String containerName();

    Hold hold();

    void inject(EffectContext context);

    void revert(EffectContext context);

    /**
     * Reverts each effect, even if another fails; returns what failed, in words. Give the effects in
     * the order to revert them (the reverse of their injection).
     */
    static List<String> revertEach(List<Effect> effects, EffectContext context) {
        List<String> failures = new ArrayList<>();
        for (Effect effect : effects) {
            try {
                effect.revert(context);
            } catch (RuntimeException e) {
                failures.add(effect.describe() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /** "pause on kafka-2". */
    default String describe() {
        return getClass().getAnnotation(JsonTypeName.class).value() + " on " + containerName();
    }

    @JsonTypeName("killed")
    record Killed(String containerId, String containerName, String signal) implements Effect {
        public Hold hold() {
            return Hold.LIFECYCLE;
        }

        public void inject(EffectContext context) {
            context.runtime().kill(containerId, signal);
        }

        public void revert(EffectContext context) {
            Lifecycle.ensureRunning(context, containerId);
        }
    }

    @JsonTypeName("stopped")
    record Stopped(String containerId, String containerName, Duration timeout) implements Effect {
        public Hold hold() {
            return Hold.LIFECYCLE;
        }

        public void inject(EffectContext context) {
            context.runtime().stop(containerId, timeout);
        }

        public void revert(EffectContext context) {
            Lifecycle.ensureRunning(context, containerId);
        }
    }

    /** A restart, and with {@code healthyWithin} > 0 the wait for a healthy cluster after it. */
    @JsonTypeName("restarted")
    record Restarted(String containerId, String containerName, Duration timeout, Duration healthyWithin) implements Effect {
        public Hold hold() {
            return Hold.LIFECYCLE;
        }

        public void inject(EffectContext context) {
            context.runtime().restart(containerId, timeout);
            if (!healthyWithin.isZero()) {
                context.health().awaitHealthy(healthyWithin);
            }
        }

        public void revert(EffectContext context) {
            Lifecycle.ensureRunning(context, containerId);
        }
    }

    @JsonTypeName("paused")
    record Paused(String containerId, String containerName) implements Effect {
        public Hold hold() {
            return Hold.LIFECYCLE;
        }

        public void inject(EffectContext context) {
            context.runtime().pause(containerId);
        }

        public void revert(EffectContext context) {
            Lifecycle.ifExists(context, containerId, c -> {
                if (c.state() == ContainerState.PAUSED) {
                    context.runtime().unpause(containerId);
                }
            });
        }
    }

    /** iptables rules in the container's network namespace (see {@link Firewall}). */
    @JsonTypeName("firewall-rules")
    record FirewallRules(String containerId, String containerName, List<String> rules) implements Effect {
        public FirewallRules {
            rules = List.copyOf(rules);
        }

        public Hold hold() {
            return Hold.FIREWALL;
        }

        public void inject(EffectContext context) {
            apply(context, true);
        }

        public void revert(EffectContext context) {
            apply(context, false);
        }

        private void apply(EffectContext context, boolean add) {
            Lifecycle.inNetworkOf(context, containerId, containerName, Firewall.script(rules, add), add);
        }
    }

    /** A root qdisc on every interface but lo: tbf for bandwidth, netem for latency and loss. */
    @JsonTypeName("traffic-shaping")
    record TrafficShaping(String containerId, String containerName, String qdisc) implements Effect {
        public Hold hold() {
            return Hold.TRAFFIC_SHAPING;
        }

        public void inject(EffectContext context) {
            apply(context, true);
        }

        public void revert(EffectContext context) {
            apply(context, false);
        }

        private void apply(EffectContext context, boolean add) {
            String kind = qdisc.split(" ", 2)[0];
            String each = add
                    ? "tc qdisc replace dev \"$dev\" root " + qdisc
                    : "if tc qdisc show dev \"$dev\" | grep -q '^qdisc " + kind + " '; then tc qdisc del dev \"$dev\" root; fi";
            String script = "set -e\nfor dev in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do\n"
                    + "  [ \"$dev\" = lo ] && continue\n  " + each + "\ndone\n";
            Lifecycle.inNetworkOf(context, containerId, containerName, script, add);
        }
    }

    /** A CFS quota; revert puts back the quota the container had (0 had none: -1 lifts ours). */
    @JsonTypeName("cpu-quota")
    record CpuQuota(String containerId, String containerName, long quotaMicros, long periodMicros,
                    long originalQuotaMicros, long originalPeriodMicros) implements Effect {
        public Hold hold() {
            return Hold.CPU;
        }

        public void inject(EffectContext context) {
            set(context, quotaMicros, periodMicros);
        }

        public void revert(EffectContext context) {
            set(context, originalQuotaMicros > 0 ? originalQuotaMicros : -1,
                    originalPeriodMicros > 0 ? originalPeriodMicros : CpuThrottleFault.PERIOD_MICROS);
        }

        private void set(EffectContext context, long quota, long period) {
            Lifecycle.ifExists(context, containerId, c -> context.runtime().updateCpuQuota(containerId, quota, period));
        }
    }

    /** What several effects share: bringing a container back, running a helper in its namespace. */
    final class Lifecycle {
        private Lifecycle() {}

        static void ensureRunning(EffectContext context, String containerId) {
            ifExists(context, containerId, c -> {
                if (c.state() == ContainerState.PAUSED) {
                    context.runtime().unpause(containerId);
                } else if (c.state() != ContainerState.RUNNING) {
                    context.runtime().start(containerId);
                }
            });
        }

        /** A container that no longer exists has nothing left to revert. */
        static void ifExists(EffectContext context, String containerId, java.util.function.Consumer<ContainerInfo> action) {
            ContainerInfo container;
            try {
                container = context.runtime().inspect(containerId);
            } catch (ContainerNotFoundException gone) {
                return;
            }
            action.accept(container);
        }

        /**
         * Runs a script in the container's network namespace. Reverting on a container that is not
         * running is a no-op: its namespace, and every rule and qdisc in it, went with its process.
         */
        static void inNetworkOf(EffectContext context, String containerId, String containerName, String script,
                                boolean injecting) {
            ifExists(context, containerId, c -> {
                boolean hasNamespace = c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED;
                if (!hasNamespace && !injecting) {
                    return;
                }
                if (!hasNamespace) {
                    throw new FaultException("container " + c.describe() + " is " + c.state().name().toLowerCase()
                            + ": it has no network to change");
                }
                HelperResult result = context.runtime().runInNetworkOf(containerId, List.of("bash", "-c", script));
                if (!result.succeeded()) {
                    throw new FaultException("the helper in the network of " + c.describe() + " exited with "
                            + result.exitCode() + ": " + result.output());
                }
            });
        }
    }
}
