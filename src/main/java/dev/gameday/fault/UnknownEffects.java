package dev.gameday.fault;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What recovery reverts for an open fault whose effects it cannot read (the journal line that held
 * them was damaged): knowing at best the fault's kind, it undoes what that kind leaves on every
 * allow-listed container of the cluster. Each of these reverts is idempotent, so on a container the
 * fault never touched it changes nothing. Firewall rules are the start-up sweep's (see
 * {@link #touchesFirewall}).
 */
final class UnknownEffects {

    /** Each fault kind and what it holds; a kind not known here (or none at all) may have held anything. */
    static final Map<String, Hold> HOLDS = Map.ofEntries(
            Map.entry("kill", Hold.LIFECYCLE), Map.entry("stop", Hold.LIFECYCLE), Map.entry("restart", Hold.LIFECYCLE),
            Map.entry("rolling-restart", Hold.LIFECYCLE), Map.entry("pause", Hold.LIFECYCLE),
            Map.entry("cpu-throttle", Hold.CPU),
            Map.entry("bandwidth", Hold.TRAFFIC_SHAPING), Map.entry("latency", Hold.TRAFFIC_SHAPING),
            Map.entry("loss", Hold.TRAFFIC_SHAPING),
            Map.entry("isolate", Hold.FIREWALL), Map.entry("partition", Hold.FIREWALL),
            Map.entry("block-ports", Hold.FIREWALL));

    private UnknownEffects() {}

    /** The reverts to make on {@code nodes} for a fault of kind {@code fault} (null: unknown), in order. */
    static List<Effect> of(String fault, Collection<ContainerInfo> nodes) {
        Hold hold = fault == null ? null : HOLDS.get(fault);
        List<Effect> effects = new ArrayList<>();
        for (ContainerInfo node : nodes) {
            if ((hold == null || hold == Hold.LIFECYCLE) && node.state() != ContainerState.RUNNING) {
                effects.add(new Effect.Killed(node.id(), node.name(), "SIGKILL")); // reverted: unpaused or started
            }
        }
        for (ContainerInfo node : nodes) {
            if ((hold == null || hold == Hold.CPU) && node.cpuQuotaMicros() > 0) {
                effects.add(new Effect.CpuQuota(node.id(), node.name(), 0, 0, 0, 0)); // reverted: the quota lifted
            }
            if (hold == null || hold == Hold.TRAFFIC_SHAPING) {
                for (String qdisc : hold == null ? List.of("tbf", "netem")
                        : List.of(fault.equals("bandwidth") ? "tbf" : "netem")) {
                    effects.add(new Effect.TrafficShaping(node.id(), node.name(), qdisc));
                }
            }
        }
        return effects;
    }

    /** Whether a fault of this kind (null: unknown) may have left iptables rules, which only the sweep finds. */
    static boolean touchesFirewall(String fault) {
        Hold hold = fault == null ? null : HOLDS.get(fault);
        return hold == null || hold == Hold.FIREWALL;
    }
}
