package dev.gameday.docker;

import java.time.Duration;
import java.util.Optional;

/** The engine on this machine (DOCKER_HOST or the unix socket), for tests and benchmarks that build a runtime themselves. */
public final class LocalDocker {

    private LocalDocker() {}

    public static DockerConfig config() {
        return config(Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unix:///var/run/docker.sock"));
    }

    /** The settings the service has by default, for an engine at {@code host}. */
    public static DockerConfig config(String host) {
        return new DockerConfig() {
            public String host() {
                return host;
            }

            public boolean tlsVerify() {
                return false;
            }

            public Optional<String> certPath() {
                return Optional.empty();
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration responseTimeout() {
                return Duration.ofSeconds(60);
            }

            public String helperImage() {
                return "kafka-gameday/base:bookworm";
            }
        };
    }
}
