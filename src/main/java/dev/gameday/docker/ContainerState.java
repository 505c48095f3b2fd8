package dev.gameday.docker;

import java.util.Locale;

/** A container's state as Docker reports it. */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    static ContainerState of(String dockerStatus) {
        return valueOf(dockerStatus.toUpperCase(Locale.ROOT));
    }
}
