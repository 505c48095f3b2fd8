package dev.gameday.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.verify.Analysis;
import dev.gameday.verify.History;
import dev.gameday.verify.Outcome;
import dev.gameday.verify.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The final read where the log seems to end before an acknowledged offset, over a mock consumer:
 * the end it reports moves (a commit's markers on their way) or stays (a truncated log). One
 * partition; each case writes sequences 0-3 at offsets 0-3 and acknowledges them all.
 */
class FinalReadTest {

    static final String TOPIC = "probe";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    final Map<TopicPartition, Long> highWatermarks = new HashMap<>(Map.of(P0, 4L));

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    static ProbeSettings settings(boolean transactions) {
        return new ProbeSettings(TOPIC, 1, null, null, null, null, null, null, null, null, null, transactions,
                transactions ? 4 : null, transactions ? 0 : null, null, null, null, null);
    }

    /** Sends and acknowledges sequences 0-3 at offsets 0-3, as one committed transaction when transactional. */
    static History acknowledged(boolean transactions) {
        History history = new History(UUID.randomUUID(), Instant.EPOCH, 0, new long[] {0}, 50, 5_000,
                transactions ? 4 : 0);
        for (int seq = 0; seq < 4; seq++) {
            history.nextSequence(0, seq);
        }
        if (transactions) {
            history.transactionCommitting(0, 4);
        }
        for (int seq = 0; seq < 4; seq++) {
            history.acked(0, seq, seq, 5, 1_000);
        }
        if (transactions) {
            history.transactionEnded(0, Outcome.OK);
        }
        return history;
    }

    void inLog(History history, int fromSeq, int toSeq) {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, seq, new byte[0],
                    ProbeMessage.encode(history.runId(), 0, seq, 0, 64)));
        }
    }

    ConsumerProbe finalRead(boolean transactions, History history) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        return new ConsumerProbe(consumer, false, settings(transactions), history, new long[] {0});
    }

    static long count(Analysis analysis, String kind) {
        return analysis.counts().getOrDefault(kind, 0L);
    }

    @Test
    void aCommitsRecordsBehindAMarkerStillOnItsWayAreWaitedForAndRead() {
        History history = acknowledged(true);
        ConsumerProbe probe = finalRead(true, history);
        consumer.updateEndOffsets(Map.of(P0, 2L)); // the last stable offset: the marker has not arrived
        inLog(history, 0, 1);
        later.schedule(() -> {
            inLog(history, 2, 3);
            consumer.updateEndOffsets(Map.of(P0, 5L)); // the marker written: records and marker readable
        }, 1, TimeUnit.SECONDS);

        boolean complete = probe.readFinal(Duration.ofSeconds(30), partitions -> highWatermarks);

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(complete).isTrue();
        assertThat(count(analysis, "lost")).as("records behind a late marker are not lost").isZero();
        assertThat(count(analysis, "torn-transaction")).isZero();
    }

    @Test
    void aLogThatEndsBeforeAcknowledgedRecordsAndStaysSoLostThem() {
        History history = acknowledged(false);
        ConsumerProbe probe = finalRead(false, history);
        consumer.updateEndOffsets(Map.of(P0, 2L)); // truncated after offset 1
        inLog(history, 0, 1);

        long began = System.nanoTime();
        boolean complete = probe.readFinal(Duration.ofSeconds(30), partitions -> Map.of(P0, 2L));
        long tookMs = (System.nanoTime() - began) / 1_000_000;

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(complete).isTrue();
        assertThat(tookMs).as("believed after the settle time, not the whole timeout")
                .isBetween(ConsumerProbe.SETTLE.toMillis(), 20_000L);
        assertThat(count(analysis, "lost")).isEqualTo(2);
    }

    @Test
    void committedRecordsBehindAnOpenTransactionAreUnseenNotLostWhenTheReadGivesUp() {
        History history = acknowledged(true);
        ConsumerProbe probe = finalRead(true, history);
        consumer.updateEndOffsets(Map.of(P0, 2L)); // the records are in the log (high watermark 4), not readable
        inLog(history, 0, 1);

        boolean complete = probe.readFinal(Duration.ofSeconds(2), partitions -> highWatermarks);

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(complete).isFalse();
        assertThat(count(analysis, "lost")).isZero();
        assertThat(count(analysis, "unseen")).isEqualTo(2);
    }
}
