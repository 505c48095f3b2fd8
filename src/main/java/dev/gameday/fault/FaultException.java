package dev.gameday.fault;

import dev.gameday.GamedayException;

/** A fault that cannot be planned, injected or reverted; the message names the fault and the target. */
public class FaultException extends GamedayException {

    public FaultException(String message) {
        super(Kind.FAILED, message);
    }

    protected FaultException(Kind kind, String message) {
        super(kind, message);
    }
}
