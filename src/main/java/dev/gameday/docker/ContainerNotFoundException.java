package dev.gameday.docker;

import dev.gameday.GamedayException;

public class ContainerNotFoundException extends GamedayException {

    public ContainerNotFoundException(String idOrName) {
        super(Kind.NOT_FOUND, "container " + idOrName + " does not exist");
    }
}
