package dev.gameday.metrics;

import dev.gameday.run.RunListener;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.store.RunStore;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.AnomalyKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run side of the metrics contract: gameday_runs_total{experiment,verdict},
 * gameday_experiment_last_passed, gameday_experiment_last_run_timestamp_seconds,
 * gameday_run_duration_seconds, and the last run's gameday_probe_lost_writes,
 * gameday_probe_duplicates, gameday_probe_unavailability_seconds, gameday_recovery_seconds,
 * gameday_probe_anomalies{kind} (every kind, 0 included), and with a group probe
 * gameday_consumer_rebalance_seconds and gameday_consumer_resume_seconds (NaN without one, or
 * when the group never settled), all per experiment. The last-run gauges are restored from the
 * database at start-up.
 */
@ApplicationScoped
public class RunMetrics implements RunListener {

    private final MeterRegistry registry;
    private final RunStore store;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry, RunStore store) {
        this.registry = registry;
        this.store = store;
    }

    void restore(@Observes @Priority(40) StartupEvent event) {
        try {
            store.latestPerExperiment().forEach(this::lastRun);
        } catch (RuntimeException e) {
            Log.warnf("could not restore the last-run metrics from the database: %s", e.getMessage());
        }
    }

    @Override
    public void finished(RunReport run) {
        registry.counter("gameday.runs", "experiment", run.experiment(), "verdict", run.status().label()).increment();
        if (run.status() == RunStatus.SKIPPED) {
            return;
        }
        if (run.startedAt() != null && run.endedAt() != null) {
            Timer.builder("gameday.run.duration").tag("experiment", run.experiment()).register(registry)
                    .record(Duration.between(run.startedAt(), run.endedAt()));
        }
        lastRun(run);
    }

    private void lastRun(RunReport run) {
        String experiment = run.experiment();
        set("gameday.experiment.last.passed", experiment, run.status() == RunStatus.PASS ? 1 : 0);
        if (run.endedAt() != null) {
            set("gameday.experiment.last.run.timestamp.seconds", experiment, run.endedAt().toEpochMilli() / 1000.0);
        }
        if (run.measured() != null) {
            set("gameday.probe.lost.writes", experiment, run.measured().lostWrites());
            set("gameday.probe.duplicates", experiment, run.measured().duplicates());
            set("gameday.probe.unavailability.seconds", experiment, run.measured().unavailabilityMs() / 1000.0);
            set("gameday.recovery.seconds", experiment,
                    run.measured().recoveryMs() == null ? Double.NaN : run.measured().recoveryMs() / 1000.0);
            for (AnomalyKind kind : AnomalyKind.values()) {
                set("gameday.probe.anomalies", Tags.of("experiment", experiment, "kind", kind.id()),
                        run.measured().count(kind));
            }
            Analysis.GroupFigures group = run.measured().group();
            set("gameday.consumer.rebalance.seconds", experiment,
                    group == null || group.rebalanceMs() == null ? Double.NaN : group.rebalanceMs() / 1000.0);
            set("gameday.consumer.resume.seconds", experiment, group == null ? Double.NaN : group.resumeMs() / 1000.0);
        }
    }

    private void set(String name, String experiment, double value) {
        set(name, Tags.of("experiment", experiment), value);
    }

    private void set(String name, Tags tags, double value) {
        gauges.computeIfAbsent(name + "|" + tags, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            registry.gauge(name, tags, holder, AtomicReference::get);
            return holder;
        }).set(value);
    }
}
