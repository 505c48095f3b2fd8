package dev.gameday.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.api.ApiCredentials;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import dev.gameday.monitoring.PrometheusUnderTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The compose profile {@code integrations} on a lab of its own: two Kafka Connect workers that form
 * one Connect cluster over SASL_SSL as {@code User:connect}, with nothing beyond their grants, and
 * MirrorMaker 2's source connector copying a topic record for record, headers included; two schema
 * registry nodes sharing one store, each answering for what the
 * other registered, also while the other is down.
 */
@QuarkusTest
@WithTestResource(IntegrationsLabResource.class)
@TestProfile(IntegrationsLabIT.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrationsLabIT {

    static final String SOURCE = "gameday-probe-connect-it";
    static final String MIRROR = "gameday-mirror." + SOURCE;
    static final String CONNECTOR = "gameday-mirror-it";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gameday.experiments.dir", "src/test/resources/experiments-integrations",
                    "gameday.schedules.paused", "true");
        }
    }

    static Lab lab;
    static Admin admin;
    static PrometheusUnderTest prometheus;
    static Instant began;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void createTopic() throws Exception {
        lab = IntegrationsLabResource.lab();
        admin = Admin.create(lab.adminConfig());
        began = Instant.now();
        prometheus = PrometheusUnderTest.start(Map.of(
                "integrations/connect.yml", PrometheusUnderTest.targets(exporters(Lab.WORKERS), null),
                "integrations/registry.yml", PrometheusUnderTest.targets(exporters(Lab.REGISTRIES), null),
                "gameday.yml", PrometheusUnderTest.targets(List.of("127.0.0.1:" + RestAssured.port), null)));
        admin.createTopics(List.of(new NewTopic(SOURCE, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** host:port of the JMX exporters of these workers or registry nodes. */
    private static List<String> exporters(List<String> services) {
        return services.stream().map(service -> URI.create(lab.integrationMetricsUrl(service)).getAuthority()).toList();
    }

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }

    @Test
    @Order(1)
    void bothWorkersServeOneConnectClusterWhoseInternalTopicsHaveThreeReplicas() throws Exception {
        for (String worker : Lab.WORKERS) {
            JsonNode root = get(lab.connectUrl(worker) + "/");
            assertThat(root.path("version").asText()).as(worker + "'s Kafka version").isEqualTo("4.1.2");
            assertThat(root.path("kafka_cluster_id").asText()).as(worker + "'s cluster").isNotBlank();
        }
        Map<String, TopicDescription> internal = admin.describeTopics(
                        List.of("gameday-connect-configs", "gameday-connect-offsets", "gameday-connect-status"))
                .allTopicNames().get(30, TimeUnit.SECONDS);
        assertThat(internal.values()).allSatisfy(topic -> assertThat(topic.partitions())
                .allSatisfy(p -> assertThat(p.replicas()).as(topic.name()).hasSize(3)));
        assertThat(Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{index .Config.Labels \"gameday.role\"}}",
                lab.container("connect-1")).strip()).isEqualTo("connect-worker");
    }

    @Test
    @Order(2)
    void theConnectPrincipalIsDeniedOutsideItsGrants() throws Exception {
        String other = "gameday-other-connect-it";
        admin.createTopics(List.of(new NewTopic(other, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        Map<String, Object> connect = lab.clientConfig("connect", Lab.secret("connect.password"));
        connect.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(connect, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(other, "not granted")).get(30, TimeUnit.SECONDS))
                    .as("writing a topic outside gameday-connect-* and gameday-mirror.*")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(SOURCE, "not granted")).get(30, TimeUnit.SECONDS))
                    .as("writing the probe's topic, which it may only read")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin asConnect = Admin.create(connect)) {
            assertThatThrownBy(() -> asConnect.createTopics(List.of(new NewTopic("outside-connect-it", 1, (short) 3)))
                    .all().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        } finally {
            admin.deleteTopics(List.of(other)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(3)
    void mirrorMakerCopiesEveryRecordWithItsPartitionKeyAndHeadersAndReportsItsTasks() throws Exception {
        put(lab.connectUrl("connect-1") + "/connectors/" + CONNECTOR + "/config", mirrorConfig());
        awaitTasksRunning(lab.connectUrl("connect-1"), Duration.ofMinutes(2));

        Set<String> sent = new HashSet<>(produce(0, 300));
        try (KafkaConsumer<String, String> mirror = mirrorConsumer()) {
            Set<String> copied = new HashSet<>();
            awaitCopied(mirror, copied, sent, Duration.ofMinutes(2));

            // what the alerts and dashboards read: each task's state, MirrorMaker's latency
            String metrics = text(lab.integrationMetricsUrl("connect-1")) + text(lab.integrationMetricsUrl("connect-2"));
            assertThat(metrics.lines().filter(line -> line.startsWith("kafka_connect_connector_task_status{")
                    && line.contains("connector=\"" + CONNECTOR + "\"") && line.contains("status=\"running\"")))
                    .as("a running-state series per task").hasSize(2);
            assertThat(metrics).contains("kafka_connect_mirror_source_replication_latency_ms")
                    .contains("kafka_connect_connect_worker_metrics_task_count");
        } finally {
            http.send(HttpRequest.newBuilder(URI.create(lab.connectUrl("connect-1") + "/connectors/" + CONNECTOR))
                    .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    @Order(4)
    void aSchemaRegisteredOnOneRegistryNodeIsFoundByIdOnTheOtherAlsoWhileTheFirstIsDown() throws Exception {
        String avro = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"seq\",\"type\":\"long\"}]}";
        Map<String, Object> schema = Map.of("subject", "gameday-registry-it", "format", "avro", "definition", avro);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(lab.registryUrl("registry-1") + "/"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(schema))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as("POST /: " + created.body()).isEqualTo(201);
        int id = json.readTree(created.body()).path("id").asInt();

        JsonNode found = get(lab.registryUrl("registry-2") + "/schemas/" + id);
        assertThat(text(lab.integrationMetricsUrl("registry-2"))).contains("registry_http_requestcount_total");
        assertThat(found.path("subject").asText()).isEqualTo("gameday-registry-it");
        assertThat(found.path("version").asInt()).isEqualTo(1);

        Lab.Docker.output(Duration.ofSeconds(30), "kill", lab.container("registry-1"));
        try {
            long start = System.nanoTime();
            assertThat(get(lab.registryUrl("registry-2") + "/schemas/" + id).path("definition").asText())
                    .contains("\"seq\"");
            System.out.printf("[registry] registry-1 killed: registry-2 resolved id %d in %d ms%n", id,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            // not waited for here (about 20 s): the registry probe of registry-node-kill, minutes later,
            // counts only once every node has answered
            Lab.Docker.output(Duration.ofSeconds(30), "start", lab.container("registry-1"));
        }
    }

    @Test
    @Order(5)
    void aKilledWorkersTasksMoveAndNothingAcknowledgedIsMissingDownstream() {
        JsonPath run = run("worker-kill");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        assertThat(run.getLong("measured.pipeline.mirrored")).isPositive();
        assertThat(run.getList("measured.pipeline.lost")).isEmpty();
        assertThat(run.getObject("measured.pipeline.taskRecoveryMs", Long.class)).as("the tasks ran again").isNotNull();
    }

    @Test
    @Order(6)
    void aPipelineThatDropsTheMarkedRecordsIsReportedLostWithExactlyThoseRanges() {
        JsonPath run = run("broken-pipeline");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAIL");
        assertThat(run.getLong("measured.lostWrites")).as("nothing lost upstream").isZero();
        List<String> lost = run.getList("measured.pipeline.lost", String.class);
        long unacknowledged = run.getLong("measured.failed") + run.getLong("measured.indeterminate");
        if (unacknowledged == 0) {
            assertThat(lost).containsExactly("p0: 100-149, 300", "p1: 100-149, 300", "p2: 100-149, 300");
        } else {
            // Only acknowledged records are owed downstream. On a slow CI machine, acknowledgements seconds
            // late, the list once came out "p0: 100-149, 300", "p2: 100-110" (2026-12-06): as if sends of
            // partition 1 and of part of partition 2 had not been acknowledged. Every range must be marked.
            System.out.printf("[integrations] broken-pipeline: %d send(s) not acknowledged; lost %s%n", unacknowledged,
                    lost);
            assertThat(lost).isNotEmpty().allSatisfy(line -> assertThat(sequences(line.substring(4)))
                    .as(line).isSubsetOf(sequences("100-149, 300")));
        }
        long count = lost.stream().mapToLong(line -> sequences(line.substring(4)).size()).sum();
        assertThat(run.getList("reasons", String.class)).anySatisfy(reason ->
                assertThat(reason).startsWith("records lost downstream: " + count + ", allowed 0"));
    }

    /** "100-149, 300" as the set of its sequence numbers. */
    private static Set<Long> sequences(String ranges) {
        Set<Long> out = new TreeSet<>();
        for (String range : ranges.split(",\\s*")) {
            String[] ends = range.strip().split("-");
            long from = Long.parseLong(ends[0]);
            long to = Long.parseLong(ends[ends.length - 1]);
            for (long seq = from; seq <= to; seq++) {
                out.add(seq);
            }
        }
        return out;
    }

    @Test
    @Order(7)
    void aKilledPartitionLeaderLosesNothingDownstream() {
        JsonPath run = run("leader-kill-pipeline");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        assertThat(run.getList("measured.pipeline.lost")).isEmpty();
    }

    @Test
    @Order(8)
    void aKilledRegistryNodeLeavesEveryRequestAnsweredByTheOther() {
        JsonPath run = run("registry-node-kill");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        assertThat(run.getLong("measured.registry.registered")).isPositive();
        assertThat(run.getLong("measured.registry.found")).isPositive();
        assertThat(run.getLong("measured.registry.failovers")).as("requests the other node answered").isPositive();
    }

    @Test
    @Order(9)
    void everyExpressionOfTheIntegrationsDashboardHadASeriesDuringTheseTests() throws Exception {
        Instant now = Instant.now();
        PrometheusUnderTest.DashboardCheck check = prometheus.checkDashboards(true, began, now);
        System.out.printf("[integrations] %d dashboard expressions evaluated against Prometheus over the tests' "
                + "%d s, %d empty%n", check.evaluated(), Duration.between(began, now).toSeconds(), check.empty().size());
        assertThat(check.evaluated()).isGreaterThan(10);
        assertThat(check.empty()).as("expressions without a series").isEmpty();
    }

    /** Runs the experiment over HTTP, prints its pipeline figures and returns the ended run. */
    private static JsonPath run(String experiment) {
        String location = given().when().post("/api/experiments/" + experiment + "/runs").then().statusCode(202)
                .extract().header("Location");
        Awaitility.await(experiment + " ended").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !"RUNNING".equals(given().get(location).then().extract().path("status")));
        JsonPath run = given().when().get(location).then().statusCode(200).extract().jsonPath();
        System.out.printf("[integrations] %s: %s %s; pipeline %s; registry %s%n", experiment, run.getString("status"),
                run.getList("reasons"), run.getMap("measured.pipeline"), run.getMap("measured.registry"));
        return run;
    }

    /** MirrorMaker 2's source connector from the lab to itself: SOURCE is copied to gameday-mirror.SOURCE. */
    private static Map<String, Object> mirrorConfig() {
        String bootstrap = "kafka-1:9092,kafka-2:9092,kafka-3:9092";
        String file = "${file:/var/lib/connect/client.properties:";
        Map<String, Object> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("tasks.max", "2");
        config.put("source.cluster.alias", "gameday-mirror"); // remote topics are named <alias>.<topic>
        config.put("target.cluster.alias", "lab");
        config.put("topics", SOURCE);
        config.put("replication.factor", "3");
        config.put("offset-syncs.topic.replication.factor", "3");
        config.put("sync.topic.acls.enabled", "false");
        config.put("sync.topic.configs.enabled", "false");
        config.put("refresh.topics.interval.seconds", "5");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        for (String cluster : List.of("source.cluster.", "target.cluster.")) {
            config.put(cluster + "bootstrap.servers", bootstrap);
            for (String key : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.type",
                    "ssl.truststore.location", "ssl.truststore.password")) {
                config.put(cluster + key, file + key + "}");
            }
        }
        return config;
    }

    private List<String> produce(int from, int count) throws Exception {
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(lab.adminConfig(), new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                String value = "record-" + i;
                ProducerRecord<String, String> record = new ProducerRecord<>(SOURCE, i % 3, "key-" + i, value);
                record.headers().add("gameday-seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    private KafkaConsumer<String, String> mirrorConsumer() {
        Map<String, Object> config = lab.adminConfig();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        Awaitility.await("the mirror topic " + MIRROR + " created by MirrorMaker")
                .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> admin.listTopics().names().get().contains(MIRROR));
        consumer.assign(List.of(new TopicPartition(MIRROR, 0), new TopicPartition(MIRROR, 1),
                new TopicPartition(MIRROR, 2)));
        return consumer;
    }

    /** Reads the mirror until it holds every value sent; each copy keeps its partition, key and header. */
    private static void awaitCopied(KafkaConsumer<String, String> mirror, Set<String> copied, Set<String> sent,
                                    Duration within) {
        Awaitility.await("every record sent copied to " + MIRROR).atMost(within).pollInterval(Duration.ZERO)
                .until(() -> {
                    for (ConsumerRecord<String, String> record : mirror.poll(Duration.ofMillis(500))) {
                        int i = Integer.parseInt(record.value().substring("record-".length()));
                        assertThat(record.partition()).isEqualTo(i % 3);
                        assertThat(record.key()).isEqualTo("key-" + i);
                        assertThat(new String(record.headers().lastHeader("gameday-seq").value(), StandardCharsets.UTF_8))
                                .isEqualTo(Integer.toString(i));
                        copied.add(record.value());
                    }
                    return copied.containsAll(sent);
                });
    }

    private static void awaitTasksRunning(String url, Duration within) {
        Awaitility.await("the tasks of " + CONNECTOR + " running").atMost(within).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    List<JsonNode> tasks = tasks(url);
                    return !tasks.isEmpty() && tasks.stream().allMatch(t -> t.path("state").asText().equals("RUNNING"));
                });
    }

    private static List<JsonNode> tasks(String url) throws Exception {
        JsonNode status = get(url + "/connectors/" + CONNECTOR + "/status");
        List<JsonNode> tasks = new ArrayList<>();
        status.path("tasks").forEach(tasks::add);
        return tasks;
    }

    private static String text(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static void put(String url, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("PUT " + url + ": " + response.body()).isIn(200, 201);
    }
}
