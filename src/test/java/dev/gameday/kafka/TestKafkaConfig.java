package dev.gameday.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A {@link KafkaConfig} built in code, for tests and benchmarks that construct beans by hand. */
public record TestKafkaConfig(String bootstrapServers, Optional<String> cluster, String securityProtocol,
                              Optional<String> username, Optional<Path> passwordFile, Optional<Path> truststore,
                              Optional<Path> truststorePasswordFile) implements KafkaConfig {

    /** PLAINTEXT, no cluster label: for unit tests on fakes. */
    public static TestKafkaConfig plain(String bootstrapServers, Optional<String> cluster) {
        return new TestKafkaConfig(bootstrapServers, cluster, "PLAINTEXT", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The service's own settings for a lab: SASL_SSL as the gameday principal. */
    public static TestKafkaConfig of(Map<String, String> service) {
        return new TestKafkaConfig(service.get("gameday.kafka.bootstrap-servers"),
                Optional.ofNullable(service.get("gameday.kafka.cluster")),
                service.getOrDefault("gameday.kafka.security-protocol", "PLAINTEXT"),
                Optional.ofNullable(service.get("gameday.kafka.sasl.username")),
                Optional.ofNullable(service.get("gameday.kafka.sasl.password-file")).map(Path::of),
                Optional.ofNullable(service.get("gameday.kafka.ssl.truststore")).map(Path::of),
                Optional.ofNullable(service.get("gameday.kafka.ssl.truststore-password-file")).map(Path::of));
    }

    @Override
    public Sasl sasl() {
        return new Sasl() {
            public String mechanism() {
                return "SCRAM-SHA-512";
            }

            public Optional<String> username() {
                return username;
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public Optional<Path> passwordFile() {
                return passwordFile;
            }
        };
    }

    @Override
    public Ssl ssl() {
        return new Ssl() {
            public Optional<Path> truststore() {
                return truststore;
            }

            public Optional<String> truststorePassword() {
                return Optional.empty();
            }

            public Optional<Path> truststorePasswordFile() {
                return truststorePasswordFile;
            }
        };
    }

    @Override
    public Map<String, String> client() {
        return Map.of();
    }

    @Override
    public Duration requestTimeout() {
        return Duration.ofSeconds(5);
    }
}
