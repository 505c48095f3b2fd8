package dev.gameday.docker;

import dev.gameday.GamedayException;

/** A container of that name exists already: the engine refused to create another. */
public class ContainerConflictException extends GamedayException {

    public ContainerConflictException(String name) {
        super(Kind.CONFLICT, "a container named " + name + " exists already");
    }
}
