package dev.gameday.lab;

import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lab's cluster itself, built from compose/kafka: durability settings and what they promise. */
class LabClusterIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics();

    private static Lab lab;
    private static Admin admin;

    @BeforeAll
    static void startLab() {
        lab = Lab.get();
        admin = Admin.create(lab.adminConfig());
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void allThreeNodesFormTheQuorum() throws Exception {
        var quorum = admin.describeMetadataQuorum().quorumInfo().get();
        assertThat(quorum.voters()).extracting(v -> v.replicaId()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(quorum.leaderId()).isIn(1, 2, 3);
        assertThat(admin.describeCluster().nodes().get()).hasSize(3);
    }

    @Test
    void topicCreatedWithDefaultsHasReplicationFactorThreeAndMinIsrTwo() throws Exception {
        String topic = topics.track("defaults-" + System.nanoTime());
        admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();

        // the broker asked may learn of a topic created a moment ago only a moment later
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(ExecutionException.class)
                .untilAsserted(() -> {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    assertThat(description.partitions()).hasSize(6);
                    assertThat(description.partitions()).allSatisfy(p -> {
                        assertThat(p.replicas()).hasSize(3);
                        assertThat(p.replicas()).extracting(n -> n.rack())
                                .containsExactlyInAnyOrder("rack-1", "rack-2", "rack-3");
                    });
                    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                    assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
                    assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
                });
    }

    @Test
    void acknowledgedWritesSurviveTwoBrokersDownAndAcksAllRefusesWithoutTwoReplicas() throws Exception {
        String topic = topics.track("durability-" + System.nanoTime());
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get();
        Map<String, RecordMetadata> acknowledged = new HashMap<>();
        try (var producer = producer(Map.of())) {
            acknowledged.putAll(send(producer, topic, "all-up", 30));

            stop("kafka-3");
            awaitIsrSize(topic, 2);
            acknowledged.putAll(send(producer, topic, "one-down", 30));
        }

        stop("kafka-2");
        // retries=0 so that the broker's own answer reaches the test instead of a delivery timeout
        try (var strict = producer(Map.of(ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            Future<RecordMetadata> refused = strict.send(new ProducerRecord<>(topic, 0, "k", "two-down"));
            assertThatThrownBy(refused::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }

        start("kafka-2", "kafka-3");
        awaitIsrSize(topic, 3);
        assertThat(readAll(topic)).containsAll(acknowledged.keySet());
        assertThat(readAll(topic)).doesNotContain("two-down-0");
    }

    private Map<String, RecordMetadata> send(KafkaProducer<String, String> producer, String topic, String phase, int count)
            throws Exception {
        Map<String, Future<RecordMetadata>> futures = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String value = phase + "-" + i;
            futures.put(value, producer.send(new ProducerRecord<>(topic, i % 3, "k", value)));
        }
        Map<String, RecordMetadata> acked = new HashMap<>();
        for (var entry : futures.entrySet()) {
            acked.put(entry.getKey(), entry.getValue().get());
        }
        return acked;
    }

    private Set<String> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(lab.adminConfig());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<String> values = new HashSet<>();
            Awaitility.await("read to the end of " + topic).atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return values;
        }
    }

    private KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(lab.adminConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    private void awaitIsrSize(String topic, int size) {
        Awaitility.await("ISR of every partition of " + topic + " has " + size + " replicas")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .stream().allMatch(p -> p.isr().size() == size));
    }

    private static void stop(String node) {
        // graceful: the broker's controlled shutdown takes it out of every ISR while the quorum stands
        Lab.Docker.output(Duration.ofSeconds(90), "stop", "-t", "60", lab.container(node));
    }

    private static void start(String... nodes) {
        for (String node : nodes) {
            Lab.Docker.output(Duration.ofSeconds(30), "start", lab.container(node));
        }
        lab.awaitHealthy(Duration.ofMinutes(2));
    }
}
