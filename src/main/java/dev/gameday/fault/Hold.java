package dev.gameday.fault;

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
}
