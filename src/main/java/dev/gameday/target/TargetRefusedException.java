package dev.gameday.target;

import dev.gameday.GamedayException;

/** A selector that cannot be resolved, or resolves to something a game day may not touch. */
public class TargetRefusedException extends GamedayException {

    public TargetRefusedException(String message) {
        super(Kind.INVALID, message);
    }
}
