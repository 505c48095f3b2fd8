package dev.gameday.lease;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerInfo;

/** Another service holds the lab's lease: this one injects nothing, and says whom it waits for. */
public class LeaseHeldException extends GamedayException {

    public LeaseHeldException(String lab, ContainerInfo lease) {
        super(Kind.CONFLICT, "lab " + lab + " is being broken by another service: " + lease.labels().get(LabLease.HOLDER)
                + " on host " + lease.labels().get(LabLease.HOST) + ", since " + lease.labels().get(LabLease.SINCE)
                + " (its lease, container " + lease.name() + ", runs out " + lease.labels().get(LabLease.TTL)
                + " s after that service's last renewal); nothing was injected");
    }
}
