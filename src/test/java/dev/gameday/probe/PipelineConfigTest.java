package dev.gameday.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.connect.ConnectClient;
import dev.gameday.connect.ConnectWorker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pipeline probe's connector, its marks and its workers, as a definition and the configuration give them. */
class PipelineConfigTest {

    static final ProbeTopic TOPIC = new ProbeTopic("gameday-probe", 3, 3, 2);

    static PipelineTarget target(Optional<String> clientFile) {
        return new PipelineTarget(new ConnectClient(ConnectWorker.parse(List.of("http://connect-1:8083")),
                Duration.ofSeconds(1), new ObjectMapper()), "kafka-1:9092,kafka-2:9092", clientFile);
    }

    @Test
    void theConnectorCopiesExactlyTheProbeTopicWithTheWorkersCredentialsByReference() {
        Map<String, String> config = PipelineProbe.config(target(Optional.of("/var/lib/connect/client.properties")),
                new PipelineSettings(null, null, Map.of("transforms", "drop")), TOPIC);

        assertThat(config).containsEntry("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector")
                .containsEntry("tasks.max", "2")
                .containsEntry("source.cluster.alias", "gameday-mirror")
                .containsEntry("topics", "\\Qgameday-probe\\E")
                .containsEntry("replication.factor", "3")
                .containsEntry("source.cluster.bootstrap.servers", "kafka-1:9092,kafka-2:9092")
                .containsEntry("target.cluster.sasl.jaas.config",
                        "${file:/var/lib/connect/client.properties:sasl.jaas.config}")
                .containsEntry("transforms", "drop");
        assertThat(config.values()).noneMatch(value -> value.contains("password=")); // no secret in Connect's config topic
        assertThat(PipelineProbe.mirrorOf("gameday-probe")).isEqualTo("gameday-mirror.gameday-probe");
        assertThat(PipelineProbe.config(target(Optional.empty()), new PipelineSettings(1, null, null), TOPIC))
                .doesNotContainKey("source.cluster.security.protocol");
    }

    @Test
    void aDefinitionMayNotChangeWhatMakesItTheProbesCopy() {
        assertThat(new PipelineSettings(0, Duration.ofMillis(10), Map.of("topics", ".*", "source.cluster.bootstrap.servers", "x"))
                .problems()).containsExactly(
                "probe.pipeline.tasks: must be between 1 and 100, got 0",
                "probe.pipeline.drainTimeout: must be at least 1s",
                "probe.pipeline.connector.source.cluster.bootstrap.servers: set by the pipeline probe itself (it copies "
                        + "the probe topic within the cluster under test)",
                "probe.pipeline.connector.topics: set by the pipeline probe itself (it copies the probe topic within "
                        + "the cluster under test)");
    }

    @Test
    void marksAreRangesOfSequenceNumbersAndBadOnesAreNamed() {
        Marks marks = Marks.parse("100-149, 300");
        assertThat(marks.marks(99)).isFalse();
        assertThat(marks.marks(100)).isTrue();
        assertThat(marks.marks(149)).isTrue();
        assertThat(marks.marks(150)).isFalse();
        assertThat(marks.marks(300)).isTrue();
        assertThat(Marks.parse(null).any()).isFalse();
        assertThatThrownBy(() -> Marks.parse("100-50")).hasMessage("probe.mark: '100-50' ends before it starts");
        assertThatThrownBy(() -> Marks.parse("1, x")).hasMessageStartingWith("probe.mark: 'x' is not a sequence number");
    }

    @Test
    void workersAreUrlsOrIdsWithTheUrlTheServiceReachesThemAt() {
        assertThat(ConnectWorker.parse(List.of("http://connect-1:8083", "connect-2:8083=http://127.0.0.1:18084")))
                .containsExactly(new ConnectWorker("connect-1:8083", URI.create("http://connect-1:8083")),
                        new ConnectWorker("connect-2:8083", URI.create("http://127.0.0.1:18084")));
        assertThatThrownBy(() -> ConnectWorker.parse(List.of("connect-1:8083")))
                .hasMessageStartingWith("gameday.connect.workers: 'connect-1:8083' needs an http(s) URL with a host");
    }
}
