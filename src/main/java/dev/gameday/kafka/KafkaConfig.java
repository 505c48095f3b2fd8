package dev.gameday.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Kafka cluster under test and how every client of the service connects to it. */
@ConfigMapping(prefix = "gameday.kafka")
public interface KafkaConfig {

    /** host:port pairs, comma-separated, as in bootstrap.servers. */
    @WithDefault("127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093")
    String bootstrapServers();

    /**
     * Passed unchanged to every producer, consumer and admin client, e.g.
     * {@code gameday.kafka.client."security.protocol"=SASL_SSL}. Set secrets from the environment
     * ({@code ${GAMEDAY_KAFKA_PASSWORD}}), never in a committed file.
     */
    Map<String, String> client();

    /**
     * The value of the {@code gameday.cluster} label on this cluster's containers. Needed only when
     * several labs share one Docker engine, so that broker ids map to the right containers.
     */
    Optional<String> cluster();

    /** Longest wait for one admin request (describe cluster, topics, quorum). */
    @WithDefault("5s")
    Duration requestTimeout();
}
