package dev.gameday.docker;

import dev.gameday.GamedayException;

/** The Docker engine did not answer, or refused the service. */
public class DockerUnavailableException extends GamedayException {

    public DockerUnavailableException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, message, cause);
    }
}
