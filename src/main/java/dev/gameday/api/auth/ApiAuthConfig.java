package dev.gameday.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Who may use the HTTP API. */
@ConfigMapping(prefix = "gameday.api")
public interface ApiAuthConfig {

    /**
     * Reading needs role viewer, anything that changes state needs operator. Turning this off leaves
     * the Docker socket, root on the host, to anyone who can reach the port: a laptop lab only.
     */
    @WithDefault("true")
    boolean authEnabled();

    /** The users file (see {@link ApiUsers}); required when authentication is on. */
    Optional<Path> usersFile();
}
