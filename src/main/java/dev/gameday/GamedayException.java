package dev.gameday;

/**
 * A failure the service can explain: the message names the thing and its state, so that it can go
 * to a log, an HTTP response or a run's reasons unchanged. The kind decides the HTTP status.
 */
public class GamedayException extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE, FAILED }

    private final Kind kind;

    public GamedayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GamedayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
