package dev.gameday.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service refuses a security configuration that cannot work, naming the setting; it never downgrades. */
class ClientSecurityTest {

    @TempDir
    Path dir;

    TestKafkaConfig sasl(Optional<String> user, Optional<Path> passwordFile, Optional<Path> truststore) {
        return new TestKafkaConfig("k:1", Optional.empty(), "SASL_SSL", user, passwordFile, truststore, Optional.empty());
    }

    @Test
    void saslSslBuildsScramSettingsFromAPasswordFile() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "s3cr\"et\n");
        Path store = Files.writeString(dir.resolve("trust.p12"), "x");
        Map<String, Object> props = ClientSecurity.properties(new TestKafkaConfig("k:1", Optional.empty(), "SASL_SSL",
                Optional.of("gameday"), Optional.of(password), Optional.of(store), Optional.of(password)));

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"gameday\" password=\"s3cr\\\"et\";")
                .containsEntry("ssl.truststore.location", store.toString())
                .containsEntry("ssl.truststore.password", "s3cr\"et");
    }

    @Test
    void aMissingUserOrPasswordIsNamedWithItsVariable() {
        assertThatThrownBy(() -> ClientSecurity.properties(sasl(Optional.empty(), Optional.empty(), Optional.empty())))
                .hasMessageContaining("gameday.kafka.sasl.username is not set (GAMEDAY_KAFKA_SASL_USERNAME)")
                .hasMessageContaining("gameday.kafka.sasl.password is not set: give GAMEDAY_KAFKA_SASL_PASSWORD or, "
                        + "better, GAMEDAY_KAFKA_SASL_PASSWORD_FILE");
    }

    @Test
    void anUnreadableSecretFileOrTrustStoreIsNamed() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> ClientSecurity.properties(sasl(Optional.of("gameday"), Optional.of(missing),
                Optional.of(missing))))
                .hasMessageContaining("gameday.kafka.sasl.password-file: " + missing + " cannot be read "
                        + "(GAMEDAY_KAFKA_SASL_PASSWORD_FILE)")
                .hasMessageContaining("gameday.kafka.ssl.truststore: " + missing + " cannot be read");
    }

    @Test
    void anUnknownProtocolIsRefusedRatherThanDowngraded() {
        assertThatThrownBy(() -> ClientSecurity.properties(new TestKafkaConfig("k:1", Optional.empty(), "SASL_PLAINTEXT",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
                .hasMessageContaining("gameday.kafka.security-protocol: 'SASL_PLAINTEXT' is none of");
    }
}
