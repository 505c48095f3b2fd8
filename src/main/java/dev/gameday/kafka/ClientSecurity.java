package dev.gameday.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Turns {@link KafkaConfig}'s security settings into Kafka client properties, refusing, with the
 * setting and the environment variable to fix, anything that cannot work: never falling back to
 * a weaker protocol. Secrets are read from their files here and go nowhere but into the clients'
 * password-typed settings, which Kafka never logs.
 */
final class ClientSecurity {

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_SSL");

    private ClientSecurity() {}

    static Map<String, Object> properties(KafkaConfig config) {
        String protocol = config.securityProtocol();
        List<String> problems = new ArrayList<>();
        if (!PROTOCOLS.contains(protocol)) {
            problems.add("gameday.kafka.security-protocol: '" + protocol + "' is none of " + PROTOCOLS
                    + " (GAMEDAY_KAFKA_SECURITY_PROTOCOL)");
        }
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("SASL_SSL")) {
            sasl(config.sasl(), props, problems);
        }
        if (protocol.endsWith("SSL")) {
            ssl(config.ssl(), props, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return props;
    }

    private static void sasl(KafkaConfig.Sasl sasl, Map<String, Object> props, List<String> problems) {
        if (sasl.username().isEmpty()) {
            problems.add("gameday.kafka.sasl.username is not set (GAMEDAY_KAFKA_SASL_USERNAME): SASL_SSL needs a user");
        }
        Optional<String> password = secret(sasl.password(), sasl.passwordFile(), "gameday.kafka.sasl.password",
                "GAMEDAY_KAFKA_SASL_PASSWORD", problems);
        if (sasl.username().isPresent() && password.isPresent()) {
            props.put(SaslConfigs.SASL_MECHANISM, sasl.mechanism());
            props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + escape(sasl.username().get()) + "\" password=\"" + escape(password.get()) + "\";");
        }
    }

    private static void ssl(KafkaConfig.Ssl ssl, Map<String, Object> props, List<String> problems) {
        if (ssl.truststore().isEmpty()) {
            return; // the JVM's default trust store: a cluster with a public CA
        }
        Path store = ssl.truststore().get();
        if (!Files.isReadable(store)) {
            problems.add("gameday.kafka.ssl.truststore: " + store + " cannot be read (GAMEDAY_KAFKA_SSL_TRUSTSTORE)");
        }
        Optional<String> password = secret(ssl.truststorePassword(), ssl.truststorePasswordFile(),
                "gameday.kafka.ssl.truststore-password", "GAMEDAY_KAFKA_SSL_TRUSTSTORE_PASSWORD", problems);
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, store.toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        password.ifPresent(p -> props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, p));
    }

    /** A secret given directly or in a file; exactly one of them. */
    private static Optional<String> secret(Optional<String> value, Optional<Path> file, String name, String env,
                                           List<String> problems) {
        if (value.isPresent() && file.isPresent()) {
            problems.add(name + " and " + name + "-file are both set; keep one (" + env + " or " + env + "_FILE)");
            return Optional.empty();
        }
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(file.get()).strip());
            } catch (IOException e) {
                problems.add(name + "-file: " + file.get() + " cannot be read (" + env + "_FILE)");
                return Optional.empty();
            }
        }
        if (value.isEmpty()) {
            problems.add(name + " is not set: give " + env + " or, better, " + env + "_FILE");
        }
        return value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
