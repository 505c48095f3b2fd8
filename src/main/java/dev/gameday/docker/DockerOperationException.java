package dev.gameday.docker;

import dev.gameday.GamedayException;

/** The engine answered but refused the operation: a paused container cannot be killed gracefully, ... */
public class DockerOperationException extends GamedayException {

    public DockerOperationException(String message) {
        super(Kind.FAILED, message);
    }
}
