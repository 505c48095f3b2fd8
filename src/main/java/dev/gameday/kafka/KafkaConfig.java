package dev.gameday.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Kafka cluster under test and how every client of the service connects to it. */
@ConfigMapping(prefix = "gameday.kafka")
public interface KafkaConfig {

    /** host:port pairs, comma-separated, as in bootstrap.servers. */
    @WithDefault("127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093")
    String bootstrapServers();

    /** PLAINTEXT, SSL or SASL_SSL. */
    @WithDefault("PLAINTEXT")
    String securityProtocol();

    /** SCRAM-SHA-512 credentials, for SASL_SSL. */
    Sasl sasl();

    /** The trust store that holds the cluster's CA, for SSL and SASL_SSL. */
    Ssl ssl();

    /**
     * Passed unchanged to every producer, consumer and admin client after the settings above, e.g.
     * {@code gameday.kafka.client."linger.ms"=5}.
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

    interface Sasl {
        @WithDefault("SCRAM-SHA-512")
        String mechanism();

        Optional<String> username();

        /** GAMEDAY_KAFKA_SASL_PASSWORD; or, better, a file: */
        Optional<String> password();

        /** GAMEDAY_KAFKA_SASL_PASSWORD_FILE: a file holding the password (trailing newline ignored). */
        Optional<Path> passwordFile();
    }

    interface Ssl {
        /** A PKCS12 trust store. */
        Optional<Path> truststore();

        Optional<String> truststorePassword();

        Optional<Path> truststorePasswordFile();
    }
}
