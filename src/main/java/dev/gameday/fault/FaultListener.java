package dev.gameday.fault;

/** Told of every fault that becomes active and of every revert; the metrics listen. */
public interface FaultListener {

    void injected(ActiveFault fault);

    void reverted(ActiveFault fault);
}
