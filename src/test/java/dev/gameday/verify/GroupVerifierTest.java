package dev.gameday.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Histories of the group probe with exactly one anomaly of one kind each, and the group's rebalance
 * and resume times from its members' own events. Offsets equal sequence numbers; times are ms.
 */
class GroupVerifierTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final History history = new History(UUID.randomUUID(), START, 0, new long[] {0, 0}, 50, 5_000);
    final GroupMember one = history.groupMember(1);
    final GroupMember two = history.groupMember(2);

    /** {@code count} records in each partition, sent, acknowledged and read live 10 ms apart. */
    void produce(int count) {
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < count; i++) {
                long seq = history.nextSequence(p, i * 10L);
                history.acked(p, seq, seq, i * 10L + 1, 1_000);
                history.read(p, seq, seq, -1, i * 10L + 2);
            }
        }
    }

    void assign(GroupMember member, long atMs, Integer... partitions) {
        history.groupEvent(member, GroupEvent.Kind.ASSIGNED, List.of(partitions), atMs);
    }

    void process(GroupMember member, int partition, long from, long to, long atMs) {
        for (long offset = from; offset <= to; offset++) {
            history.groupProcessed(member, partition, offset, offset, -1, atMs + offset * 10);
        }
    }

    /** Ten records in each partition, all processed by member 1, which owns both. */
    void memberOneProcessesEverything() {
        produce(10);
        assign(one, 0, 0, 1);
        process(one, 0, 0, 9, 3);
        process(one, 1, 0, 9, 3);
    }

    /** Ten records in each partition; member 1, which owns both, processed all of partition 1 and 0-3 of partition 0. */
    void memberOneProcessesPartitionOneAndTheStartOfZero() {
        produce(10);
        assign(one, 0, 0, 1);
        process(one, 1, 0, 9, 3);
        process(one, 0, 0, 3, 3);
    }

    Analysis analyze(FaultWindow... faults) {
        return Verifier.analyze(history, List.of(faults));
    }

    static List<String> kinds(Analysis analysis) {
        return analysis.anomalies().stream().map(Analysis.Anomaly::kind).distinct().toList();
    }

    @Test
    void aGroupThatProcessesEveryRecordOnceHasNoAnomaly() {
        memberOneProcessesEverything();
        history.groupCommitted(one, 0, 10, 200);
        history.groupCommitted(one, 1, 10, 200);

        Analysis analysis = analyze();
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.group()).isEqualTo(new Analysis.GroupFigures(20, 0, 0L, 0));
    }

    @Test
    void aRecordDeliveredAgainAfterTheGroupCommittedPastItIsARedelivery() {
        memberOneProcessesEverything();
        history.groupCommitted(one, 0, 10, 200);
        history.groupEvent(one, GroupEvent.Kind.REVOKED, List.of(0), 300);
        assign(two, 310, 0);
        history.groupProcessed(two, 0, 7, 7, 4, 320); // the committed offset went back to 7
        history.groupProcessed(two, 0, 8, 8, 4, 321);
        history.groupProcessed(two, 0, 9, 9, 4, 322);

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("redelivery");
        assertThat(analysis.count(AnomalyKind.REDELIVERY)).isEqualTo(3);
        assertThat(analysis.anomalies().get(0).examples().get(0)).isEqualTo("seq 7 at offset 7 delivered again, to "
                + "member 2, after the group had committed 10 [at 320ms; no fault active; leader epoch 4]");
    }

    @Test
    void processedAgainBeforeAnyCommitPassedItIsAtLeastOnceAndNoAnomaly() {
        memberOneProcessesEverything();
        history.groupCommitted(one, 1, 10, 200);
        history.groupEvent(one, GroupEvent.Kind.CRASHED, List.of(), 300); // never committed partition 0
        assign(two, 310, 0, 1);
        process(two, 0, 0, 9, 320);

        Analysis analysis = analyze();
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.group().reprocessed()).isEqualTo(10);
    }

    @Test
    void offsetsCommittedThatNoMemberEverProcessedAreSkipsWithTheirOffsets() {
        memberOneProcessesPartitionOneAndTheStartOfZero();
        history.groupCommitted(one, 0, 8, 150); // committed before processing 4-7, then crashed
        history.groupEvent(one, GroupEvent.Kind.CRASHED, List.of(), 160);
        assign(two, 5_000, 0, 1);
        process(two, 0, 8, 9, 5_000);
        history.groupCommitted(two, 0, 10, 5_200);
        history.groupCommitted(two, 1, 10, 5_200);
        history.cluster(new History.ClusterSample(100, true, "", 1, 0, Map.of(0, 2)));

        Analysis analysis = analyze(new FaultWindow(1, "consumer-crash", List.of("member 1"), START.plusMillis(155),
                START.plusMillis(160)));
        assertThat(kinds(analysis)).containsExactly("skip");
        assertThat(analysis.count(AnomalyKind.SKIP)).isEqualTo(4);
        assertThat(analysis.anomalies().get(0).examples()).containsExactly("offsets 4-7 (seq 4-7): the group's committed "
                + "offset reached 8 (member 1) and no member ever processed them [at 150ms; no fault active; leader 2]");
        assertThat(Verifier.verdict(analysis, Hypothesis.strict()).reasons()).singleElement().asString()
                .startsWith("skips: 4, allowed 0 (p0: offsets 4-7 (seq 4-7)");
    }

    @Test
    void aMembersPollThatGoesBackWithoutARebalanceIsNonMonotonic() {
        memberOneProcessesEverything();
        history.groupProcessed(one, 0, 5, 5, -1, 200);

        assertThat(kinds(analyze())).containsExactly("non-monotonic-poll");
    }

    @Test
    void aMembersPollThatJumpsWithoutARebalanceIsAPollSkip() {
        memberOneProcessesPartitionOneAndTheStartOfZero();
        process(one, 0, 6, 9, 3); // 4 and 5 were in the log, and never given to it
        history.groupEvent(one, GroupEvent.Kind.REVOKED, List.of(0), 300);
        assign(two, 310, 0);
        process(two, 0, 4, 5, 320); // another member had them after the rebalance: no skip, and no redelivery

        Analysis analysis = analyze();
        assertThat(kinds(analysis)).containsExactly("poll-skip");
        assertThat(analysis.anomalies().get(0).examples().get(0))
                .startsWith("member 1 was given offset 6 right after offset 3, with no rebalance in between: 4-5 never");
    }

    @Test
    void aPollThatMovesAfterARebalanceIsNoAnomaly() {
        memberOneProcessesEverything();
        history.groupEvent(one, GroupEvent.Kind.REVOKED, List.of(0), 200);
        assign(one, 210, 0);
        history.groupProcessed(one, 0, 9, 9, -1, 220); // started again from the committed offset

        assertThat(analyze().anomalies()).isEmpty();
    }

    @Test
    void rebalanceIsFromTheFaultToTheLastOwnershipChangeWithEveryPartitionOwnedAndResumeIsTheLongestWait() {
        assign(one, 0, 0);
        assign(two, 0, 1);
        for (long t = 0; t < 10_000; t += 50) { // a record every 50 ms in each partition
            for (int p = 0; p < 2; p++) {
                long seq = history.nextSequence(p, t);
                history.acked(p, seq, seq, t + 1, 1_000);
                history.read(p, seq, seq, -1, t + 2);
                boolean crashed = p == 0 && t >= 2_000 && t < 6_000; // member 1's partition waits for member 2
                if (p == 0 && t == 6_000) {
                    for (long s = 40; s < 120; s++) { // member 2 catches up on what waited
                        history.groupProcessed(two, 0, s, s, -1, 6_003);
                    }
                }
                if (!crashed) {
                    history.groupProcessed(p == 0 && t >= 6_000 ? two : p == 0 ? one : two, p, seq, seq, -1, t + 3);
                }
            }
        }
        history.groupEvent(one, GroupEvent.Kind.CRASHED, List.of(), 2_000);
        assign(two, 5_990, 0);

        Analysis analysis = analyze(new FaultWindow(1, "consumer-crash", List.of("member 1"), START.plusMillis(2_000),
                START.plusMillis(2_000)));
        assertThat(analysis.perFault()).singleElement().satisfies(f -> {
            assertThat(f.rebalanceMs()).isEqualTo(3_990);
            assertThat(f.resumeMs()).isEqualTo(4_002); // from the first record left waiting (acknowledged at 2,001 ms)
            assertThat(f.unsettled()).isNull();
        });
        Hypothesis tight = new Hypothesis(Map.of(), null, null, false, null, Duration.ofSeconds(3), Duration.ofSeconds(4));
        assertThat(Verifier.verdict(analysis, tight).reasons()).containsExactly(
                "rebalance after step 1 (consumer-crash): 3s990ms, allowed 3s",
                "resume after step 1 (consumer-crash): 4s2ms, allowed 4s");
        assertThat(analysis.anomalies()).isEmpty();
    }

    @Test
    void aGroupLeftWithAPartitionNobodyOwnsNeverSettled() {
        assign(one, 0, 0);
        assign(two, 0, 1);
        history.groupEvent(one, GroupEvent.Kind.CRASHED, List.of(), 2_000);

        Analysis analysis = analyze(new FaultWindow(1, "consumer-crash", List.of("member 1"), START.plusMillis(2_000),
                START.plusMillis(2_000)));
        assertThat(analysis.group().rebalanceMs()).isNull();
        assertThat(Verifier.verdict(analysis, new Hypothesis(Map.of(), null, null, false, null, Duration.ofMinutes(1), null)).reasons())
                .containsExactly("rebalance after step 1 (consumer-crash): the group never settled with every partition "
                        + "assigned: no member owned p0 when probing ended, allowed 1m");
    }
}
