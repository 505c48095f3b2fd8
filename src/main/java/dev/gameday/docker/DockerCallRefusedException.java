package dev.gameday.docker;

import dev.gameday.GamedayException;

/**
 * The engine, or a socket proxy in front of it, answered 403 to a call: it is not allowed, and
 * trying again will not help. Said naming the engine, the call and the refusal.
 */
public class DockerCallRefusedException extends GamedayException {

    public DockerCallRefusedException(String engine, String what, String refusal) {
        super(Kind.FAILED, "Docker at " + engine + " refused to " + what + " (403: " + refusal
                + "): a socket proxy or an authorization plugin in front of the engine does not allow the call "
                + "(README, \"Blast radius\", lists the calls the service makes)");
    }
}
