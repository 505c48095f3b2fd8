package dev.gameday.docker;

import dev.gameday.GamedayException;

/** A container runtime asked for an operation it cannot perform (see {@link ContainerRuntime#unsupported}). */
public class UnsupportedRuntimeOperationException extends GamedayException {

    public UnsupportedRuntimeOperationException(RuntimeOperation operation, String why) {
        super(Kind.INVALID, "the container runtime cannot " + operation.description() + ": " + why);
    }
}
