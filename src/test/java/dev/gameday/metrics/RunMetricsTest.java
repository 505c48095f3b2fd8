package dev.gameday.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.AnomalyKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last run's consumer and anomaly gauges: every kind has one (0 included), the group's timings in seconds. */
class RunMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RunMetrics metrics = new RunMetrics(registry, null);

    static RunReport run(Map<String, Long> counts, Analysis.GroupFigures group) {
        Analysis measured = new Analysis(10, 10, 0, 0, 10, 0, List.of(), 0, 0, 0, 0, 0, 0, List.of(), List.of(), 0,
                List.of(), 1_000L, null, List.of(), counts, group, null, null, null);
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        return new RunReport("run-1", "group-coordinator-kill", null, RunStatus.FAIL, null, "test", 1, at, at,
                at.plusSeconds(60), List.of(), List.of(), measured, null, null, null);
    }

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void everyAnomalyKindAndTheGroupsTimingsAreGaugesOfTheExperiment() {
        metrics.finished(run(Map.of("skip", 12L), new Analysis.GroupFigures(100, 3, 4_500L, 2_250)));

        assertThat(gauge("gameday.probe.anomalies", "experiment", "group-coordinator-kill", "kind", "skip")).isEqualTo(12);
        for (AnomalyKind kind : AnomalyKind.values()) {
            assertThat(registry.find("gameday.probe.anomalies").tags("kind", kind.id()).gauge()).isNotNull();
        }
        assertThat(gauge("gameday.probe.anomalies", "experiment", "group-coordinator-kill", "kind", "redelivery")).isZero();
        assertThat(gauge("gameday.consumer.rebalance.seconds", "experiment", "group-coordinator-kill")).isEqualTo(4.5);
        assertThat(gauge("gameday.consumer.resume.seconds", "experiment", "group-coordinator-kill")).isEqualTo(2.25);
    }

    @Test
    void withoutAGroupProbeTheTimingsAreNotANumber() {
        metrics.finished(run(Map.of(), null));

        assertThat(gauge("gameday.consumer.rebalance.seconds", "experiment", "group-coordinator-kill")).isNaN();
        assertThat(gauge("gameday.consumer.resume.seconds", "experiment", "group-coordinator-kill")).isNaN();
    }
}
