package dev.gameday.docker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the service reaches the Docker engine. Defaults follow the Docker CLI's own variables. */
@ConfigMapping(prefix = "gameday.docker")
public interface DockerConfig {

    /** DOCKER_HOST: unix:///var/run/docker.sock, tcp://host:2376, ... */
    @WithDefault("${DOCKER_HOST:unix:///var/run/docker.sock}")
    String host();

    /** DOCKER_TLS_VERIFY: verify the engine's certificate and present ours (tcp only). */
    @WithDefault("${DOCKER_TLS_VERIFY:false}")
    boolean tlsVerify();

    /** DOCKER_CERT_PATH: directory with ca.pem, cert.pem and key.pem. */
    Optional<String> certPath();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for one Docker API call; stop and restart add their own grace period to it. */
    @WithDefault("30s")
    Duration responseTimeout();

    /**
     * The image of the short-lived helper containers that put iptables rules and tc qdiscs into a
     * target's network namespace. It needs iptables and iproute2; compose/images.sh builds it.
     */
    @WithDefault("kafka-gameday/base:bookworm")
    String helperImage();
}
