package dev.gameday.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Synthetic histories with exactly one kind of anomaly each; the verifier must find exactly that.
 * Times are milliseconds since the run started.
 */
class VerifierTest {

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    final History history = new History(UUID.randomUUID(), START, 0, new long[] {0, 0, 0}, 50, 5_000);

    /** Sends, acknowledges at offset == seq and reads {@code count} messages on each partition. */
    void cleanTraffic(int count) {
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < count; i++) {
                long seq = history.nextSequence(p, i * 10L);
                history.acked(p, seq, seq, i * 10L + 5, 1_000L * (p + 1)); // 1, 2 and 3 ms
                read(p, seq, seq, i * 10L + 7);
            }
        }
    }

    /** A read whose record carried no leader epoch. */
    void read(int partition, long seq, long offset, long atMs) {
        history.read(partition, seq, offset, -1, atMs);
    }

    Analysis analyze(FaultWindow... faults) {
        return Verifier.analyze(history, List.of(faults));
    }

    static FaultWindow fault(long startMs, long endMs) {
        return new FaultWindow(1, "kill", List.of("kafka-1"), START.plusMillis(startMs), START.plusMillis(endMs));
    }

    static List<String> kinds(Analysis analysis) {
        return analysis.anomalies().stream().map(Analysis.Anomaly::kind).distinct().toList();
    }

    @Test
    void aCleanHistoryPasses() {
        cleanTraffic(100);
        Analysis analysis = analyze();

        assertThat(analysis.sent()).isEqualTo(300);
        assertThat(analysis.acknowledged()).isEqualTo(300);
        assertThat(analysis.read()).isEqualTo(300);
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.stalls()).isEmpty();
        assertThat(Verifier.verdict(analysis, Hypothesis.strict())).isEqualTo(new Verdict(Verdict.Status.PASS, List.of()));
    }

    @Test
    void anAcknowledgedWriteNeverReadIsLost() {
        for (long i = 0; i < 10; i++) {
            long seq = history.nextSequence(0, i);
            history.acked(0, seq, seq, i, 1_000);
            if (seq != 5 && seq != 6 && seq != 8) {
                read(0, seq, seq, i);
            }
        }
        Analysis analysis = analyze();

        assertThat(kinds(analysis)).containsExactly("lost");
        assertThat(analysis.lostWrites()).isEqualTo(3);
        assertThat(analysis.lost()).containsExactly("p0: 5-6, 8");
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).reasons())
                .containsExactly("lost writes: 3, allowed 0 (p0: 5-6, 8)");
    }

    @Test
    void theFinalReadOfTheLogDecidesWhatWasLost() {
        for (long i = 0; i < 4; i++) {
            long seq = history.nextSequence(0, i);
            history.acked(0, seq, seq, i, 1_000);
            read(0, seq, seq, i); // all four read live...
        }
        history.inFinalLog(0, 0);
        history.inFinalLog(0, 1);
        history.inFinalLog(0, 3); // ...but seq 2 was truncated from the log afterwards
        history.finalReadDone();

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("lost");
        assertThat(analysis.lost()).containsExactly("p0: 2");
    }

    @Test
    void whatTheFinalReadNeverReachedIsUnseenAndNeverCountedAsLost() {
        for (long i = 0; i < 6; i++) {
            long seq = history.nextSequence(0, i);
            history.acked(0, seq, seq, i, 1_000);
        }
        history.inFinalLog(0, 0);
        history.inFinalLog(0, 2); // offset 1 passed but not there: lost
        history.finalReadStoppedAt(0, 3); // gave up at offset 3: 3, 4 and 5 were never reached
        history.finalReadDone();

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("lost", "unseen");
        assertThat(analysis.lostWrites()).isEqualTo(1);
        assertThat(analysis.count(AnomalyKind.UNSEEN)).isEqualTo(3);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).reasons()).containsExactly(
                "lost writes: 1, allowed 0 (p0: 1)", "unseen writes: 3, allowed 0 (p0: 3-5)");
    }

    @Test
    void aReadThatReachedTheEndOfATruncatedLogProvesWhatWasAboveItLost() {
        for (long i = 0; i < 3; i++) {
            long seq = history.nextSequence(1, i);
            history.acked(1, seq, seq, i, 1_000);
        }
        history.inFinalLog(1, 0); // the log ends at offset 1 now: 1 and 2 were truncated, and the read got there
        history.finalReadDone();

        assertThat(kinds(analyze())).containsExactly("lost");
        assertThat(analyze().lost()).containsExactly("p1: 1-2");
    }

    @Test
    void anAnomalyCarriesTheFaultsActiveThePartitionsLeaderAndTheRecordsEpoch() {
        for (long i = 0; i < 3; i++) {
            long seq = history.nextSequence(2, i);
            history.acked(2, seq, seq, i, 1_000);
        }
        history.cluster(new History.ClusterSample(1_000, true, "", 1, 0, Map.of(2, 3)));
        history.cluster(new History.ClusterSample(2_000, false, "offline", 1, 1, Map.of(2, -1)));
        history.read(2, 0, 0, 4, 1_500);
        history.read(2, 1, 1, 4, 1_600);
        history.read(2, 2, 2, 4, 1_700);
        history.read(2, 1, 9, 5, 2_500); // a second copy, while broker 3 is down and the partition has no leader

        assertThat(analyze(fault(1_800, 4_000)).anomalies()).singleElement().satisfies(a -> assertThat(a.examples())
                .containsExactly("seq 1 read again at offset 9 (first at 1) [at 2s500ms; during step 1 kill on kafka-1; "
                        + "no leader; leader epoch 5]"));
    }

    @Test
    void anAllowanceLetsThatManyOfItsKindPassAndNoMore() {
        cleanTraffic(3);
        read(0, 1, 7, 100);
        read(0, 2, 8, 101);
        Analysis twoDuplicates = analyze();

        assertThat(Verifier.verdict(twoDuplicates, Hypothesis.strict().allowing(AnomalyKind.DUPLICATE, 2)).passed()).isTrue();
        assertThat(Verifier.verdict(twoDuplicates, Hypothesis.strict().allowing(AnomalyKind.DUPLICATE, 1)).reasons())
                .singleElement().asString().startsWith("duplicates: 2, allowed 1 (p0: seq 1 read again at offset 7");
    }

    @Test
    void theSameMessageAtTwoOffsetsIsADuplicate() {
        for (long i = 0; i < 4; i++) {
            long seq = history.nextSequence(1, i);
            history.acked(1, seq, seq, i, 1_000);
            read(1, seq, seq, i);
        }
        read(1, 2, 4, 10); // a producer retry wrote seq 2 a second time, at offset 4
        read(1, 2, 4, 11); // and the consumer fetched that record twice: one copy, not two

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("duplicate");
        assertThat(analysis.duplicates()).isEqualTo(1);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).reasons())
                .containsExactly("duplicates: 1, allowed 0 (p1: seq 2 read again at offset 4 (first at 2) [at 10ms; no fault active])");
    }

    @Test
    void offsetsAndSequenceNumbersInDisagreeingOrderAreAReorder() {
        long first = history.nextSequence(0, 0);
        long second = history.nextSequence(0, 1);
        history.acked(0, second, 0, 5, 1_000); // a retried first batch landed after the second one
        history.acked(0, first, 1, 6, 1_000);
        read(0, second, 0, 7);
        read(0, first, 1, 8);

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("reorder");
        assertThat(analysis.reorders()).isEqualTo(1);
    }

    @Test
    void aMessageReadAtAnotherOffsetThanItsAckIsInconsistent() {
        for (long i = 0; i < 3; i++) {
            long seq = history.nextSequence(2, i);
            history.acked(2, seq, seq, i, 1_000);
        }
        read(2, 0, 0, 5);
        read(2, 1, 1, 6);
        read(2, 2, 5, 7);

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("inconsistent-offset");
        assertThat(analysis.anomalies().get(0).examples())
                .containsExactly("seq 2 acknowledged at offset 2, read at offset 5 [at 7ms; no fault active]");
    }

    @Test
    void anInconsistentOffsetIsFoundWhenTheReadComesBeforeTheAck() {
        long seq = history.nextSequence(0, 0);
        read(0, seq, 3, 1);
        history.acked(0, seq, 0, 2, 1_000);

        assertThat(kinds(analyze())).containsExactly("inconsistent-offset");
    }

    @Test
    void aReadOfADefinitelyFailedSendIsAnAbortedRead() {
        long ok = history.nextSequence(0, 0);
        long refused = history.nextSequence(0, 1);
        history.acked(0, ok, 0, 2, 1_000);
        history.failed(0, refused, true, 3);
        read(0, ok, 0, 4);
        read(0, refused, 1, 5);

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("aborted-read");
        assertThat(analysis.abortedReads()).isEqualTo(1);
        assertThat(analysis.failed()).isEqualTo(1);
    }

    @Test
    void aRecordThisRunDidNotWriteIsUnexpected() {
        cleanTraffic(5);
        history.unexpected(0, 5, -1, 100, "not a gameday probe record");

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("unexpected");
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).reasons())
                .containsExactly("unexpected records: 1, allowed 0 (p0: offset 5 (not a gameday probe record) [at 100ms; "
                        + "no fault active])");
    }

    @Test
    void anIndeterminateSendIsNeverLostAndReadingItIsNoAnomaly() {
        long readLater = history.nextSequence(0, 0);
        long neverRead = history.nextSequence(0, 1);
        history.failed(0, readLater, false, 30_000);
        history.failed(0, neverRead, false, 30_000);
        read(0, readLater, 0, 30_001);

        Analysis analysis = analyze();
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.indeterminate()).isEqualTo(2);
        assertThat(analysis.indeterminateRead()).isEqualTo(1);
        assertThat(analysis.lostWrites()).isZero();
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).passed()).isTrue();
    }

    @Test
    void acknowledgedDataLeftUnreadPastTheThresholdIsAStall() {
        long a = history.nextSequence(0, 0);
        history.acked(0, a, 0, 1_000, 1_000);
        read(0, a, 0, 1_010);
        long b = history.nextSequence(0, 1_100);
        history.acked(0, b, 1, 1_200, 1_000);
        read(0, b, 1, 7_450); // waited 6 250 ms after its ack

        Analysis analysis = analyze();
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.stalls()).containsExactly(new Analysis.PartitionWindow(0, 1_200, 7_450));
        Hypothesis noLongStalls = new Hypothesis(Map.of(), null, null, false, Duration.ofSeconds(5), null, null);
        assertThat(Verifier.verdict(analysis, noLongStalls).reasons())
                .containsExactly("consumer stall: 6s250ms, allowed 5s");
    }

    @Test
    void unavailabilityIsTheLongestAckGapOverlappingAFaultToTheMillisecond() {
        long t = 0;
        for (; t <= 1_000; t += 10) {
            ack(0, t);
        }
        ack(0, 4_200);          // 3 200 ms without an ack, across the fault at 1 500-3 000
        ack(0, 5_000);
        ack(0, 5_500);          // 500 ms gap, after the fault: pacing, not unavailability
        ack(1, 0);
        ack(1, 2_000);          // partition 1: a 2 000 ms gap inside the fault
        ack(1, 2_010);
        for (t = 2_020; t <= 5_500; t += 10) {
            ack(1, t);
        }
        history.producingEnded(5_510);

        Analysis analysis = analyze(fault(1_500, 3_000));
        assertThat(analysis.unavailability()).containsExactly(
                new Analysis.PartitionWindow(0, 1_000, 4_200), new Analysis.PartitionWindow(1, 0, 2_000));
        assertThat(analysis.unavailabilityMs()).isEqualTo(3_200);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict().withMaxUnavailability(Duration.ofSeconds(3))).reasons())
                .containsExactly("unavailability: 3s200ms on partition 0, allowed 3s");
        assertThat(Verifier.verdict(analysis, Hypothesis.strict().withMaxUnavailability(Duration.ofMillis(3_200))).passed())
                .isTrue();
    }

    @Test
    void eachFaultIsMeasuredOnItsOwn() {
        for (long t = 0; t <= 1_000; t += 10) {
            ack(0, t);
        }
        ack(0, 3_000);          // 2 000 ms gap across the first fault (1 100-1 500)
        for (long t = 3_010; t <= 6_000; t += 10) {
            ack(0, t);
        }
        ack(0, 7_500);          // 1 500 ms gap across the second fault (6 200-6 400)
        history.cluster(sample(1_600, false));
        history.cluster(sample(2_100, true));
        history.cluster(sample(6_900, true));

        Analysis analysis = analyze(fault(1_100, 1_500), new FaultWindow(2, "pause", List.of("kafka-2"),
                START.plusMillis(6_200), START.plusMillis(6_400)));
        assertThat(analysis.perFault()).containsExactly(
                new Analysis.FaultMeasure(1, "kill", 2_000, 600L, null, null, null),
                new Analysis.FaultMeasure(2, "pause", 1_500, 500L, null, null, null));
        assertThat(analysis.unavailabilityMs()).isEqualTo(2_000);
    }

    @Test
    void aGapStillOpenWhenProducingStopsCounts() {
        ack(0, 0);
        ack(0, 1_000);
        history.producingEnded(9_000);
        assertThat(analyze(fault(2_000, 3_000)).unavailabilityMs()).isEqualTo(8_000);
    }

    private void ack(int partition, long atMs) {
        long seq = history.nextSequence(partition, atMs);
        history.acked(partition, seq, seq, atMs, 1_000);
        read(partition, seq, seq, atMs);
    }

    @Test
    void recoveryIsFromTheEndOfTheFaultToTheFirstHealthySampleToTheMillisecond() {
        history.cluster(sample(2_900, true));
        history.cluster(sample(3_000, false));
        history.cluster(sample(4_000, false));
        history.cluster(sample(4_550, true));
        history.cluster(sample(5_550, true));

        Analysis analysis = analyze(fault(1_000, 3_000));
        assertThat(analysis.recoveryMs()).isEqualTo(1_550);
        assertThat(Verifier.verdict(analysis, Hypothesis.strict().withRecoveryWithin(Duration.ofSeconds(1))).reasons())
                .containsExactly("recovery: 1s550ms, allowed 1s");
    }

    @Test
    void aClusterThatNeverRecoversFailsARecoveryClauseWithWhatIsStillWrong() {
        history.cluster(sample(3_500, false));
        Analysis analysis = analyze(fault(1_000, 3_000));

        assertThat(analysis.recoveryMs()).isNull();
        assertThat(Verifier.verdict(analysis, Hypothesis.strict().withRecoveryWithin(Duration.ofSeconds(30))).reasons())
                .containsExactly("recovery: the cluster was not healthy again by the end of the run, allowed 30s "
                        + "(2 under-replicated partition(s))");
    }

    @Test
    void writesRefusedNeedsAtLeastOneRefusedWrite() {
        cleanTraffic(3);
        Hypothesis refused = new Hypothesis(Map.of(), null, null, true, null, null, null);
        assertThat(Verifier.verdict(analyze(), refused).reasons()).containsExactly(
                "writes refused: every write was acknowledged, but the fault should have made writes fail");

        long seq = history.nextSequence(0, 100);
        history.failed(0, seq, true, 101);
        assertThat(Verifier.verdict(analyze(), refused).passed()).isTrue();
    }

    @Test
    void theTimelineCountsEachSecondWithItsAckLatency() {
        cleanTraffic(150); // 10 ms apart: 1.5 s of traffic on 3 partitions
        assertThat(history.timeline()).containsExactly(
                new Timeline.Second(0, 300, 300, 0, 300, 2_000, 3_000),
                new Timeline.Second(1, 150, 150, 0, 150, 2_000, 3_000));
    }

    private static History.ClusterSample sample(long atMs, boolean healthy) {
        return new History.ClusterSample(atMs, healthy, healthy ? "" : "2 under-replicated partition(s)", 1, 0, Map.of());
    }
}
