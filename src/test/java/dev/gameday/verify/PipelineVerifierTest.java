package dev.gameday.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the pipeline and registry probes record, judged: records missing downstream are lost there
 * in exact ranges, second copies are counted and allowed unless limited, task recovery runs from a
 * fault to every task running again, and registry requests no node answered fail the run.
 */
class PipelineVerifierTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final History history = new History(UUID.randomUUID(), START, 0, new long[] {0, 0}, 50, 5_000);

    /** Sends and acknowledges {@code count} records on each of the two partitions; each read upstream. */
    void traffic(int count) {
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < count; i++) {
                long seq = history.nextSequence(p, i);
                history.acked(p, seq, seq, i + 1, 1_000);
                history.read(p, seq, seq, -1, i + 2);
                history.inFinalLog(p, seq);
            }
        }
        history.finalReadDone();
    }

    @Test
    void recordsMissingDownstreamAreLostThereInExactRangesAndFailTheRun() {
        history.pipelineStarted();
        traffic(400);
        for (int p = 0; p < 2; p++) {
            for (long seq = 0; seq < 400; seq++) {
                if (!(seq >= 100 && seq <= 149) && seq != 300) {
                    history.mirrored(p, seq, 500 + seq, 40);
                }
            }
        }
        Analysis analysis = Verifier.analyze(history, List.of());

        assertThat(analysis.lostWrites()).as("nothing lost upstream").isZero();
        assertThat(analysis.pipeline().lost()).containsExactly("p0: 100-149, 300", "p1: 100-149, 300");
        assertThat(analysis.count(AnomalyKind.PIPELINE_LOST)).isEqualTo(102);
        assertThat(analysis.pipeline().mirrored()).isEqualTo(2 * 349);
        assertThat(analysis.pipeline().lagMaxMs()).isEqualTo(40);
        Verdict verdict = Verifier.verdict(analysis, Hypothesis.strict());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("records lost downstream: 102, allowed 0 (p0: 100-149, 300");
    }

    @Test
    void secondCopiesAreCountedAndAllowedUnlessTheHypothesisLimitsThem() {
        history.pipelineStarted();
        traffic(10);
        for (int p = 0; p < 2; p++) {
            for (long seq = 0; seq < 10; seq++) {
                history.mirrored(p, seq, 100, 5);
            }
        }
        history.mirrored(1, 7, 120, 5);
        history.mirrored(1, 8, 120, 5);
        Analysis analysis = Verifier.analyze(history, List.of());

        assertThat(analysis.pipeline().mirroredAgain()).isEqualTo(2);
        assertThat(analysis.count(AnomalyKind.PIPELINE_DUPLICATE)).isEqualTo(2);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).status()).isEqualTo(Verdict.Status.PASS);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict().allowing(AnomalyKind.PIPELINE_DUPLICATE, 1)).status())
                .isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void taskRecoveryRunsFromTheFaultToEveryTaskRunningAgain() {
        List<Window> faults = List.of(new Window(1_000, 31_000), new Window(60_000, 70_000));
        List<History.TaskSample> samples = List.of(
                new History.TaskSample(500, 2, 2),
                new History.TaskSample(2_000, 2, 2),      // the dead worker's tasks still look RUNNING
                new History.TaskSample(3_000, 1, 2),      // its worker no longer answers
                new History.TaskSample(12_000, 0, 2),     // moved, starting
                new History.TaskSample(13_500, 2, 2),     // both run on the survivor
                new History.TaskSample(61_000, 2, 2));    // the second fault stopped no task
        assertThat(PipelineChecker.taskRecovery(samples, faults)).isEqualTo(12_500L);
        assertThat(PipelineChecker.taskRecovery(List.of(new History.TaskSample(2_000, 1, 2)), faults))
                .as("a task that never ran again").isNull();
        assertThat(PipelineChecker.taskRecovery(List.of(new History.TaskSample(2_000, 2, 2)), faults)).isZero();
    }

    @Test
    void registryRequestsNoNodeAnsweredFailTheRunAndFailoversDoNot() {
        history.registryStarted();
        traffic(5);
        history.registryAttempt("http://registry-1:8990", true, 12);
        history.registryAnswered(true, false, 12);
        history.registryAttempt("http://registry-2:8990", false, 2_000);
        history.registryAttempt("http://registry-1:8990", true, 30);
        history.registryAnswered(false, true, 30);
        history.registryAttempt("http://registry-1:8990", false, 0);
        history.registryAttempt("http://registry-2:8990", false, 2_000);
        history.registryFailed(2_000, "finding id 7: http://registry-1:8990 ConnectException; http://registry-2:8990 timed out");
        Analysis analysis = Verifier.analyze(history, List.of());

        assertThat(analysis.registry()).isEqualTo(new Analysis.RegistryFigures(1, 1, 1, 1, 30, 30, List.of(
                new Analysis.RegistryNode("http://registry-1:8990", 2, 1, 30),
                new Analysis.RegistryNode("http://registry-2:8990", 0, 2, 0))));
        Verdict verdict = Verifier.verdict(analysis, Hypothesis.strict());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("schema registry requests no node answered: 1, allowed 0 (finding id 7:");
    }
}
