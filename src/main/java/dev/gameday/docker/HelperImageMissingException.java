package dev.gameday.docker;

import dev.gameday.GamedayException;

/**
 * The engine has no helper image: network faults and the lab lease cannot run. Said in one line,
 * with what was done (nothing) and what to do.
 */
public class HelperImageMissingException extends GamedayException {

    public HelperImageMissingException(String engine, String image) {
        super(Kind.UNAVAILABLE, "the Docker engine at " + engine + " has no image " + image
                + " (gameday.docker.helper-image), which helper containers and the lab lease run: nothing was changed; "
                + "build it with compose/images.sh, or set gameday.docker.helper-image to an image with bash, "
                + "iptables and iproute2");
    }
}
