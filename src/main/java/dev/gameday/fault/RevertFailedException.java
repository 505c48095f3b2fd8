package dev.gameday.fault;

/**
 * A revert that did not complete: the fault stays active and the watchdog tries again, at once when
 * the Docker engine answers again if it was the engine that did not answer.
 */
public class RevertFailedException extends FaultException {

    private final boolean engineGone;

    public RevertFailedException(String message, boolean engineGone) {
        super(engineGone ? Kind.UNAVAILABLE : Kind.FAILED, message);
        this.engineGone = engineGone;
    }

    /** Whether it failed because the Docker engine did not answer, which a restart of the engine explains. */
    public boolean engineGone() {
        return engineGone;
    }
}
