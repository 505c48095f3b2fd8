package dev.gameday.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.lab.Lab;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secured lab from the outside: who gets in on the published ports, and what each may do. */
class SecurityIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics();

    static Lab lab;
    static final String NOT_OURS = "payments-" + System.nanoTime();

    @BeforeAll
    static void topicOutsideTheGamedayAcls() throws Exception {
        lab = Lab.get();
        topics.create(new NewTopic(NOT_OURS, 1, (short) 3));
    }

    @Test
    void aPlaintextClientGetsNothingFromAnyPublishedClientPort() {
        for (int port = Lab.FIRST_CLIENT_PORT; port < Lab.FIRST_CLIENT_PORT + 3; port++) {
            Map<String, Object> plain = Map.of("bootstrap.servers", "127.0.0.1:" + port);
            try (Admin admin = Admin.create(plain)) {
                // the admin's own 3 s timeout fails the call; the get waits 30 s, so that on a loaded
                // machine it is the call's timeout that is seen, not the get's
                assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                        .clusterId().get(30, TimeUnit.SECONDS))
                        .as("PLAINTEXT on 127.0.0.1:" + port).isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    void aWrongScramPasswordFailsWithAnAuthenticationError() {
        try (Admin admin = Admin.create(lab.clientConfig("gameday", "not-the-password"))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    @Test
    void theGamedayPrincipalCannotWriteOutsideItsAclsButTheAdminCan() throws Exception {
        try (var gameday = producer(lab.gamedayConfig())) {
            assertThatThrownBy(() -> gameday.send(new ProducerRecord<>(NOT_OURS, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (var admin = producer(lab.adminConfig())) {
            assertThat(admin.send(new ProducerRecord<>(NOT_OURS, "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void theGamedayPrincipalMayUseItsOwnTopics() throws Exception {
        try (Admin admin = Admin.create(lab.gamedayConfig()); var producer = producer(lab.gamedayConfig())) {
            String topic = topics.track("gameday-security-" + System.nanoTime());
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS).offset()).isZero();
        }
    }

    @Test
    void theGamedayPrincipalMayCommitTransactionsUnderItsOwnTransactionalIdsOnly() throws Exception {
        String topic = topics.track("gameday-security-txn-" + System.nanoTime());
        try (Admin admin = Admin.create(lab.gamedayConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
        }
        try (var producer = transactional("gameday-security-it")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.commitTransaction();
        }
        try (var producer = transactional("payments-" + System.nanoTime())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    private static KafkaProducer<String, String> transactional(String id) {
        Map<String, Object> config = new HashMap<>(lab.gamedayConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        return producer(config);
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheBrokers() {
        Lab.Docker.exec(Duration.ofMinutes(1), List.of("bash", Lab.projectDir().resolve("compose/certs.sh").toString(),
                "rogue"), Map.of());
        Map<String, Object> config = new HashMap<>(lab.gamedayConfig());
        config.put("ssl.truststore.location", Lab.secrets().resolve("rogue-truststore.p12").toString());
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
