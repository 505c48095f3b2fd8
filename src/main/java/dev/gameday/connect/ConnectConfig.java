package dev.gameday.connect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka Connect cluster a run's pipeline probe uses ({@code probe.pipeline}): the workers' REST
 * API and how the workers reach the cluster under test, which is not always how the service does (in
 * the lab the workers use the brokers' names on the lab network, a service on the host 127.0.0.1).
 */
@ConfigMapping(prefix = "gameday.connect")
public interface ConnectConfig {

    /**
     * The workers, each as its REST URL ({@code http://connect-1:8083}: the worker Connect calls
     * connect-1:8083) or as {@code ID=URL} where the service reaches a worker by another address than
     * its name ({@code connect-1:8083=http://127.0.0.1:18083}, from the host). Asked in this order; the
     * ids tell which workers answer, since a dead worker's tasks keep its name until the group moves them.
     */
    Optional<List<String>> workers();

    /** The brokers as the workers reach them; the service's own bootstrap servers when not given. */
    Optional<String> kafkaBootstrapServers();

    /**
     * A file on the workers with their clients' security settings, which the pipeline's connector names
     * instead of secrets (the lab's workers write it: compose/connect/bin/connect-start); {@code none}
     * for a Connect cluster without security.
     */
    @WithDefault("/var/lib/connect/client.properties")
    String clientProperties();

    /** Longest wait for one REST request. */
    @WithDefault("10s")
    Duration requestTimeout();
}
