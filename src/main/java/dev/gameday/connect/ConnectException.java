package dev.gameday.connect;

import dev.gameday.GamedayException;

/** A Connect REST request that failed, naming the request and every worker asked. */
public class ConnectException extends GamedayException {

    public ConnectException(Kind kind, String message) {
        super(kind, message);
    }
}
