package dev.gameday.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerProbeConfigTest {

    private final ProbeSettings settings = ProbeSettings.defaults().withTopic("gameday-probe");

    @Test
    void retriesRedialsAndLeaderLookupsAreFrequentSoThatUnavailabilityIsMeasuredFinely() {
        Map<String, Object> props = ProducerProbe.config(Map.of("bootstrap.servers", "kafka-1:9092"), settings);

        assertThat(props).containsEntry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L)
                .containsEntry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100L)
                .containsEntry(ProducerConfig.METADATA_MAX_AGE_CONFIG, 100L)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void theOperatorsOwnBackOffWins() {
        Map<String, Object> props = ProducerProbe.config(Map.of(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000"),
                settings);

        assertThat(props).containsEntry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000");
    }
}
