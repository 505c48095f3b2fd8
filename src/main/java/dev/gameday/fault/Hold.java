package dev.gameday.fault;

import java.util.Locale;

/**
 * What an active fault holds on a container. Two active faults with the same exclusive hold on one
 * container conflict (a pause over a kill, two CPU quotas); firewall rules add up and never do.
 */
public enum Hold {
    /** The container's process: kill, stop, restart, pause. */
    LIFECYCLE(true),
    /** The container's CPU quota. */
    CPU(true),
    /** The root qdisc of the container's interfaces: bandwidth, latency, loss. */
    TRAFFIC_SHAPING(true),
    /** iptables rules in the container's network namespace. */
    FIREWALL(false);

    private final boolean exclusive;

    Hold(boolean exclusive) {
        this.exclusive = exclusive;
    }

    public boolean exclusive() {
        return exclusive;
    }

    /** How messages name it: "both hold its lifecycle". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * What one fault holds of one container, and the one rule for when two faults conflict: both
     * hold the same exclusive thing of the same container. The injector names the container by its
     * id; the validator, which knows no containers yet, by the step's target.
     */
    public record Claim(Object container, Hold hold) {

        public boolean conflictsWith(Claim other) {
            return hold.exclusive && hold == other.hold && container.equals(other.container);
        }
    }
}
