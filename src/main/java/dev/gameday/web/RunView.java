package dev.gameday.web;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.StepReport;
import dev.gameday.verify.Analysis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as its page shows it: the report, each fault's window on the timeline's seconds, each
 * partition's unavailability as a bar on the length of the run, the definition as YAML and the
 * report as JSON for the charts.
 *
 * @param json the report as the API writes it, safe inside a script element
 */
public record RunView(RunReport run, List<FaultRow> faults, List<PartitionBar> partitions, List<FaultFigures> perFault,
                      String definitionYaml, String json) {

    /** One step's fault, placed on the timeline: seconds since the probes started; null where unknown. */
    public record FaultRow(StepReport step, String targets, Double fromSecond, Double toSecond) {}

    /** A partition's longest ack gap that overlapped a fault, as a share of the run's length. */
    public record PartitionBar(Analysis.PartitionWindow window, double leftPercent, double widthPercent) {}

    /** One fault's own unavailability and recovery, with what it was. */
    public record FaultFigures(Analysis.FaultMeasure measure, String target) {}

    static RunView of(RunReport run, String definitionYaml, String json) {
        List<FaultRow> faults = run.steps().stream().map(s -> new FaultRow(s,
                s.targets() == null || s.targets().isEmpty() ? s.target() : String.join(", ", s.targets()),
                seconds(run.probesStartedAt(), s.injectedAt()), seconds(run.probesStartedAt(), s.revertedAt())))
                .toList();
        Analysis measured = run.measured();
        long lengthMs = Math.max(1, run.timeline() == null ? 0 : run.timeline().size() * 1000L);
        List<PartitionBar> bars = measured == null ? List.of() : measured.unavailability().stream()
                .map(w -> new PartitionBar(w, percent(w.startMs(), lengthMs), percent(w.lengthMs(), lengthMs)))
                .toList();
        List<FaultFigures> perFault = measured == null || measured.perFault() == null ? List.of()
                : measured.perFault().stream().map(m -> new FaultFigures(m, run.steps().stream()
                        .filter(s -> s.step() == m.step()).findFirst().map(StepReport::target).orElse(""))).toList();
        return new RunView(run, faults, bars, perFault, definitionYaml, json);
    }

    public boolean running() {
        return run.status() == RunStatus.RUNNING;
    }

    /** The service stopped in the middle of the run: the page shows the phase of its last checkpoint. */
    public boolean interrupted() {
        return run.status() == RunStatus.INTERRUPTED;
    }

    /** The experiment's description as run; null when the run kept no definition. */
    public String description() {
        return run.definition() == null ? null : run.definition().description();
    }

    /** How many seconds the probes ran so far. */
    public int seconds() {
        return run.timeline() == null ? 0 : run.timeline().size();
    }

    /** "pass", "fail", ...: the CSS class and the word shown. */
    public String verdict() {
        return run.status().label();
    }

    private static Double seconds(Instant origin, Instant at) {
        return origin == null || at == null ? null : Duration.between(origin, at).toMillis() / 1000.0;
    }

    private static double percent(long part, long whole) {
        return Math.min(100, Math.max(0, 100.0 * part / whole));
    }
}
