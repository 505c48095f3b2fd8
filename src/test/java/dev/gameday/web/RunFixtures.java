package dev.gameday.web;

import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Step;
import dev.gameday.probe.ProbeStats;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.StepReport;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stored runs for the pages' tests and benchmark, made as the runner would make them from the
 * experiments in src/test/resources/experiments-pages: a passing run, a failing run with lost-write
 * ranges, a suite run, a run of an hour. Every fault step stops acknowledgements for a few seconds.
 */
public final class RunFixtures {

    static final Path EXPERIMENTS = Path.of("src/test/resources/experiments-pages");
    static final int RATE = 500;
    static final Duration WARMUP = Duration.ofSeconds(10);
    /** Acknowledgements stop this long after each fault starts. */
    static final int OUTAGE_SECONDS = 3;

    private RunFixtures() {}

    public static Experiment experiment(String name) {
        try {
            String yaml = Files.readString(EXPERIMENTS.resolve(name + ".yaml"));
            return DefinitionParser.parse(name + ".yaml", yaml, Experiment.class).value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run that held every clause, with each step's fault applied once. */
    public static RunReport passed(String experiment, Instant requestedAt, int seconds, int partitions) {
        return run(experiment(experiment), RunStatus.PASS, requestedAt, seconds, partitions, List.of(), List.of(),
                List.of());
    }

    /** A run that lost acknowledged writes on partitions 0 and 3. */
    public static RunReport failed(String experiment, Instant requestedAt) {
        List<String> lost = List.of("p0: 1200-1340, 1502", "p3: 88-90");
        List<Analysis.Anomaly> anomalies = List.of(
                new Analysis.Anomaly("lost", 0, 142, List.of("1200-1340", "1502")),
                new Analysis.Anomaly("lost", 3, 3, List.of("88-90")),
                new Analysis.Anomaly("duplicate", 1, 1, List.of("seq 77 at offsets 77 and 79")));
        return run(experiment(experiment), RunStatus.FAIL, requestedAt, 90, 6, lost, anomalies,
                List.of("lost writes: 145, allowed 0 (p0: 1200-1340, 1502; p3: 88-90)",
                        "duplicates: 1, allowed 0 (p1: seq 77 at offsets 77 and 79)"));
    }

    /** The runs as the suite ran them, and the suite run. */
    public static SuiteRunReport suite(String id, List<RunReport> runs) {
        RunReport first = runs.get(0);
        RunReport last = runs.get(runs.size() - 1);
        boolean passed = runs.stream().allMatch(r -> r.status() == RunStatus.PASS);
        return new SuiteRunReport(id, "day", passed ? RunStatus.PASS : RunStatus.FAIL, "http", first.requestedAt(),
                last.endedAt(), passed ? List.of() : List.of("1 of " + runs.size() + " experiment(s) did not pass"),
                runs);
    }

    /** The same run as it looked {@code seconds} into its probing, still running. */
    public static RunReport running(RunReport r, int seconds) {
        Instant now = r.probesStartedAt().plusSeconds(seconds);
        List<StepReport> steps = r.steps().stream().filter(s -> s.injectedAt().isBefore(now))
                .map(s -> s.revertedAt().isBefore(now) ? s : new StepReport(s.step(), s.fault(), s.target(), s.faultId(),
                        s.targets(), s.injectedAt(), null, "applied"))
                .toList();
        return new RunReport(r.id(), r.experiment(), r.suiteRunId(), RunStatus.RUNNING, null, r.trigger(), r.seed(),
                r.requestedAt(), r.startedAt(), null, List.of(), steps, null, null, r.timeline().subList(0, seconds),
                r.definition(), r.probesStartedAt());
    }

    /**
     * The same run with a group probe and transactions: the first fault's group settled after 4.2 s,
     * the second's never; 12 offsets skipped on partition 2.
     */
    public static RunReport consuming(RunReport r) {
        Analysis m = r.measured();
        List<Analysis.FaultMeasure> perFault = new ArrayList<>();
        for (int i = 0; i < m.perFault().size(); i++) {
            Analysis.FaultMeasure f = m.perFault().get(i);
            perFault.add(new Analysis.FaultMeasure(f.step(), f.fault(), f.unavailabilityMs(), f.recoveryMs(),
                    i == 0 ? 4_200L : null, 3_100L + i, i == 0 ? null : "no member owned p1 when probing ended"));
        }
        List<Analysis.Anomaly> anomalies = new ArrayList<>(m.anomalies());
        anomalies.add(new Analysis.Anomaly("skip", 2, 12, List.of("offsets 400-411 (seq 400-411): the group's committed "
                + "offset reached 412 (member 1) and no member ever processed them [at 31s; during step 1 "
                + "consumer-crash on group member 1 (slot 1)]")));
        Analysis measured = new Analysis(m.sent(), m.acknowledged(), m.failed(), m.indeterminate(), m.read(),
                m.lostWrites(), m.lost(), m.duplicates(), m.reorders(), m.inconsistentOffsets(), m.abortedReads(),
                m.unexpected(), m.indeterminateRead(), anomalies, m.unavailability(), m.unavailabilityMs(), m.stalls(),
                m.recoveryMs(), m.recoveryProblem(), perFault, m.counts(),
                new Analysis.GroupFigures(m.read(), 170, null, 3_101), new Analysis.TransactionFigures(900, 100, 2),
                null, null);
        return new RunReport(r.id(), r.experiment(), r.suiteRunId(), r.status(), r.phase(), r.trigger(), r.seed(),
                r.requestedAt(), r.startedAt(), r.endedAt(), r.reasons(), r.steps(), measured, r.latency(),
                r.timeline(), r.definition(), r.probesStartedAt());
    }

    /** The same run as part of a suite run. */
    public static RunReport inSuite(RunReport r, String suiteRunId) {
        return new RunReport(r.id(), r.experiment(), suiteRunId, r.status(), r.phase(), r.trigger(), r.seed(),
                r.requestedAt(), r.startedAt(), r.endedAt(), r.reasons(), r.steps(), r.measured(), r.latency(),
                r.timeline(), r.definition(), r.probesStartedAt());
    }

    private static RunReport run(Experiment experiment, RunStatus status, Instant requestedAt, int seconds,
                                 int partitions, List<String> lost, List<Analysis.Anomaly> anomalies,
                                 List<String> reasons) {
        Instant probes = requestedAt.plusSeconds(3);
        List<StepReport> steps = new ArrayList<>();
        List<Analysis.FaultMeasure> perFault = new ArrayList<>();
        boolean[] outage = new boolean[seconds];
        for (int i = 0; i < experiment.steps().size(); i++) {
            Step step = experiment.steps().get(i);
            Instant injected = probes.plus(WARMUP).plus(step.at());
            String broker = "gdtest-kafka-" + (i % 3 + 1);
            steps.add(new StepReport(i + 1, step.fault().type(), step.target().describe(), UUID.randomUUID().toString(),
                    List.of(broker), injected, injected.plus(step.duration()), "reverted"));
            int from = (int) Duration.between(probes, injected).toSeconds();
            for (int s = from; s < Math.min(seconds, from + OUTAGE_SECONDS); s++) {
                outage[s] = true;
            }
            perFault.add(new Analysis.FaultMeasure(i + 1, step.fault().type(), OUTAGE_SECONDS * 1000L + 150 * i,
                    14_000L + 1000L * i, null, null, null));
        }
        List<Timeline.Second> timeline = new ArrayList<>(seconds);
        long sent = 0;
        for (int s = 0; s < seconds; s++) {
            int acked = outage[s] ? 0 : RATE;
            int failed = outage[s] ? 40 : 0;
            long meanMicros = outage[s] ? 0 : 4_000 + (s % 7) * 300;
            timeline.add(new Timeline.Second(s, RATE, acked, failed, acked, meanMicros, meanMicros * 5));
            sent += RATE;
        }
        List<Analysis.PartitionWindow> unavailability = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long start = WARMUP.toMillis() + 40L * p;
            unavailability.add(new Analysis.PartitionWindow(p, start, start + OUTAGE_SECONDS * 1000L + 100L * p));
        }
        long lostWrites = anomalies.stream().filter(a -> a.kind().equals("lost")).mapToLong(Analysis.Anomaly::count).sum();
        long duplicates = anomalies.stream().filter(a -> a.kind().equals("duplicate")).mapToLong(Analysis.Anomaly::count).sum();
        long unavailable = unavailability.stream().mapToLong(Analysis.PartitionWindow::lengthMs).max().orElse(0);
        Analysis measured = new Analysis(sent, sent - 200, 120, 80, sent - 200 - lostWrites, lostWrites, lost, duplicates,
                0, 0, 0, 0, 0, anomalies, unavailability, unavailable, List.of(), 15_000L, null, perFault,
                anomalies.stream().collect(Collectors.groupingBy(Analysis.Anomaly::kind,
                        Collectors.summingLong(Analysis.Anomaly::count))), null, null, null, null);
        Instant ended = probes.plusSeconds(seconds + 2);
        return new RunReport(UUID.randomUUID().toString(), experiment.name(), null, status, null, "schedule", 4242L,
                requestedAt, requestedAt.plusMillis(200), ended, reasons, steps, measured,
                new ProbeStats(sent - 200, 4_100, 38_000, 2_900_000, 3_100_000), timeline, experiment, probes);
    }
}
