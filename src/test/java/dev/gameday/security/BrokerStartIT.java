package dev.gameday.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.Lab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker with a missing variable, a missing secret or a certificate its own trust store does not
 * trust refuses to start, saying what is wrong; it never comes up on a weaker listener.
 */
class BrokerStartIT {

    private static final String NAME = "gdtest-broker-start";
    private static final String IMAGE = "kafka-gameday/kafka:4.1.2";

    @AfterEach
    void remove() {
        try {
            Lab.Docker.output(Duration.ofSeconds(30), "rm", "-f", NAME);
        } catch (IllegalStateException gone) {
            // it was never created
        }
    }

    /** A single-node, TLS-only cluster: enough for the node to check its settings at start. */
    private static List<String> node(Map<String, String> overrides) {
        Map<String, String> env = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("KAFKA_NODE_ID", "1"),
                Map.entry("KAFKA_CLUSTER_ID", "txSfSxzDTdS5pw1h227SZw"),
                Map.entry("KAFKA_CFG_PROCESS_ROLES", "broker,controller"),
                Map.entry("KAFKA_CFG_LISTENERS", "BROKER://:9091,CONTROLLER://:9093"),
                Map.entry("KAFKA_CFG_ADVERTISED_LISTENERS", "BROKER://localhost:9091"),
                Map.entry("KAFKA_CFG_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093"),
                Map.entry("KAFKA_CFG_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                Map.entry("KAFKA_CFG_INTER_BROKER_LISTENER_NAME", "BROKER"),
                Map.entry("KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP", "BROKER:SSL,CONTROLLER:SSL"),
                Map.entry("KAFKA_CFG_SSL_KEYSTORE_TYPE", "PKCS12"),
                Map.entry("KAFKA_CFG_SSL_KEYSTORE_LOCATION", "/etc/kafka/secrets/kafka-1.p12"),
                Map.entry("KAFKA_CFG_SSL_KEYSTORE_PASSWORD_FILE", "/etc/kafka/secrets/keystore.password"),
                Map.entry("KAFKA_CFG_SSL_KEY_PASSWORD_FILE", "/etc/kafka/secrets/keystore.password"),
                Map.entry("KAFKA_CFG_SSL_TRUSTSTORE_TYPE", "PKCS12"),
                Map.entry("KAFKA_CFG_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/secrets/truststore.p12"),
                Map.entry("KAFKA_CFG_SSL_TRUSTSTORE_PASSWORD_FILE", "/etc/kafka/secrets/keystore.password"),
                Map.entry("KAFKA_HEAP_OPTS", "-Xmx256m")));
        env.putAll(overrides);
        env.values().removeIf(String::isEmpty);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", NAME, "-v",
                Lab.secrets() + ":/etc/kafka/secrets:ro"));
        env.forEach((key, value) -> args.addAll(List.of("-e", key + "=" + value)));
        args.add(IMAGE);
        return args;
    }

    /** Starts the node, waits for it to give up, and returns its exit code and its log. */
    private static String[] startAndFail(Map<String, String> overrides) {
        Lab.get(); // the secrets and the image
        Lab.Docker.output(Duration.ofSeconds(30), node(overrides).toArray(String[]::new));
        Awaitility.await("the node gives up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", NAME)
                        .strip().equals("exited"));
        String exit = Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.ExitCode}}", NAME).strip();
        return new String[] {exit, Lab.Docker.output(Duration.ofSeconds(10), "logs", NAME)};
    }

    @Test
    void aMissingVariableIsNamedInOneLine() {
        String[] ended = startAndFail(Map.of("KAFKA_NODE_ID", ""));
        assertThat(ended[0]).isEqualTo("2");
        assertThat(ended[1].strip()).isEqualTo("kafka-start: KAFKA_NODE_ID is not set (the node's id, a positive "
                + "integer unique in the cluster, e.g. 1); set it in the environment of this container");
    }

    @Test
    void aMissingSecretIsNamedWithTheVariableThatPointsToIt() {
        String[] ended = startAndFail(Map.of("KAFKA_CFG_SSL_KEYSTORE_PASSWORD_FILE", "/etc/kafka/secrets/nope"));
        assertThat(ended[0]).isEqualTo("2");
        assertThat(ended[1]).contains("kafka-start: KAFKA_CFG_SSL_KEYSTORE_PASSWORD_FILE names /etc/kafka/secrets/nope, "
                + "which cannot be read; the secret it points to is missing");
    }

    @Test
    void aCertificateItsTrustStoreDoesNotTrustStopsTheNode() {
        Lab.Docker.exec(Duration.ofMinutes(1), List.of("bash", Lab.projectDir().resolve("compose/certs.sh").toString(),
                "rogue"), Map.of());
        String[] ended = startAndFail(Map.of("KAFKA_CFG_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/secrets/rogue-truststore.p12"));
        assertThat(ended[0]).isNotEqualTo("0");
        assertThat(ended[1]).containsIgnoringCase("ssl").doesNotContain("Kafka Server started");
        System.out.println("[broker-start] mismatched certificate: " + ended[1].lines()
                .filter(l -> l.contains("Exception") || l.contains("ERROR")).findFirst().orElse("(no error line)"));
    }
}
