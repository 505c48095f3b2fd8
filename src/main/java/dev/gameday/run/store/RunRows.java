package dev.gameday.run.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.Experiment;
import dev.gameday.json.GamedayJackson;
import dev.gameday.probe.ProbeStats;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.StepReport;
import dev.gameday.run.store.AnomalyRow;
import dev.gameday.run.store.RunRow;
import dev.gameday.run.store.StepRow;
import dev.gameday.run.store.TimelineRow;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run as rows of the results database, and back: what {@link RunStore} writes and reads. */
final class RunRows {

    private final ObjectMapper json = GamedayJackson.json();

    /** The measured figures as stored: the analysis without its anomalies (rows of their own), the latency. */
    record Measured(Analysis analysis, ProbeStats latency) {}

    /** The run's own columns; its steps, anomalies and timeline follow with {@link #children} once it is persisted. */
    void fill(RunRow row, RunReport run) {
        row.id = run.id();
        row.experiment = run.experiment();
        row.suiteRunId = run.suiteRunId();
        row.status = run.status().name();
        row.phase = run.phase();
        row.trigger = run.trigger();
        row.seed = run.seed();
        row.requestedAt = run.requestedAt();
        row.startedAt = run.startedAt();
        row.endedAt = run.endedAt();
        row.probesStartedAt = run.probesStartedAt();
        row.reasons = String.join("\n", run.reasons());
        row.definition = write(run.definition());
        row.measured = run.measured() == null ? null : write(new Measured(run.measured().withAnomalies(List.of()), run.latency()));
        row.steps.clear();
        row.anomalies.clear();
    }

    void children(RunRow row, RunReport run) {
        for (StepReport step : run.steps()) {
            StepRow s = new StepRow();
            s.run = row;
            s.step = step.step();
            s.fault = step.fault();
            s.target = step.target();
            s.faultId = step.faultId();
            s.targets = step.targets() == null ? null : String.join(",", step.targets());
            s.injectedAt = step.injectedAt();
            s.revertedAt = step.revertedAt();
            s.outcome = step.outcome();
            row.steps.add(s);
        }
        if (run.measured() != null) {
            for (Analysis.Anomaly anomaly : run.measured().anomalies()) {
                AnomalyRow a = new AnomalyRow();
                a.run = row;
                a.kind = anomaly.kind();
                a.partition = anomaly.partition();
                a.count = anomaly.count();
                a.examples = String.join("\n", anomaly.examples());
                row.anomalies.add(a);
            }
        }
        timeline(row, run.timeline() == null ? List.of() : run.timeline());
    }

    /**
     * The timeline's rows updated in place: a run saved every few seconds while it runs writes only
     * the seconds that changed, not its whole timeline each time.
     */
    private static void timeline(RunRow row, List<Timeline.Second> seconds) {
        Map<Integer, TimelineRow> stale = new HashMap<>();
        row.timeline.forEach(t -> stale.put(t.second, t));
        List<TimelineRow> added = new ArrayList<>();
        for (Timeline.Second second : seconds) {
            TimelineRow t = stale.remove(second.second());
            if (t == null) {
                t = new TimelineRow();
                t.run = row;
                t.second = second.second();
                added.add(t);
            }
            t.sent = second.sent();
            t.acked = second.acked();
            t.failed = second.failed();
            t.read = second.read();
            t.ackLatencyMeanMicros = second.ackLatencyMeanMicros();
            t.ackLatencyMaxMicros = second.ackLatencyMaxMicros();
        }
        row.timeline.removeIf(t -> stale.get(t.second) == t);
        row.timeline.addAll(added);
    }

    RunReport report(RunRow row, boolean full) {
        List<StepReport> steps = row.steps.stream().map(s -> new StepReport(s.step, s.fault, s.target, s.faultId,
                s.targets == null || s.targets.isEmpty() ? List.of() : Arrays.asList(s.targets.split(",")),
                s.injectedAt, s.revertedAt, s.outcome)).toList();
        Measured measured = row.measured == null ? null : read(row.measured, Measured.class);
        Analysis analysis = measured == null ? null : measured.analysis().withAnomalies(row.anomalies.stream()
                .map(a -> new Analysis.Anomaly(a.kind, a.partition, a.count, lines(a.examples))).toList());
        List<Timeline.Second> timeline = full ? row.timeline.stream()
                .map(t -> new Timeline.Second(t.second, t.sent, t.acked, t.failed, t.read, t.ackLatencyMeanMicros,
                        t.ackLatencyMaxMicros)).toList() : null;
        RunStatus status = RunStatus.valueOf(row.status);
        String phase = status == RunStatus.RUNNING || status == RunStatus.INTERRUPTED ? row.phase : null;
        return new RunReport(row.id, row.experiment, row.suiteRunId, status, phase, row.trigger,
                row.seed, row.requestedAt, row.startedAt, row.endedAt, lines(row.reasons), steps, analysis,
                measured == null ? null : measured.latency(), timeline,
                full && row.definition != null ? read(row.definition, Experiment.class) : null, row.probesStartedAt);
    }

    static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\n")));
    }

    private String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
