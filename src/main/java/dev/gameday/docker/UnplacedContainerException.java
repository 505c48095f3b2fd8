package dev.gameday.docker;

import dev.gameday.GamedayException;

/**
 * A container that no configured engine holds (see {@link EngineRouter}): nothing is done to it, and
 * a step that targets it is refused before anything is injected.
 */
public class UnplacedContainerException extends GamedayException {

    public UnplacedContainerException(String message) {
        super(Kind.INVALID, message);
    }
}
