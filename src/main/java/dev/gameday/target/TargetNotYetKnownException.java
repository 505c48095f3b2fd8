package dev.gameday.target;

/**
 * A selector that names something the cluster does not know yet, which the run's own probes will
 * create (the probe's consumer group, its transactional id): not resolvable before they start, and
 * resolved when its step starts.
 */
public class TargetNotYetKnownException extends TargetRefusedException {

    public TargetNotYetKnownException(String message) {
        super(message);
    }
}
