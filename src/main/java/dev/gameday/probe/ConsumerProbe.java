package dev.gameday.probe;

import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the probe partitions from the offsets at run start, as any consumer would, and records
 * what it reads: continuity, duplicates, order, records that are not ours. Used twice per run:
 * live, while faults happen, and for the final read of the log after producing stopped.
 */
final class ConsumerProbe implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final History history;
    private final UUID runId;
    private final long[] startOffsets;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final boolean commits;
    private final boolean transactional;
    /**
     * Once a second, as auto-commit would (every 5 s): often enough for the lag metric. A commit
     * per poll wrote ~150,000 offset records in ten minutes of game day into one partition of
     * __consumer_offsets, which a coordinator taking it over must load and a broker restarted
     * after a crash must re-read.
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private long lastCommitNanos = System.nanoTime();

    /** @param group null for a consumer that commits nothing (the final read) */
    ConsumerProbe(Map<String, Object> client, String clientId, String group, ProbeSettings settings, History history,
                  long[] startOffsets) {
        this(new KafkaConsumer<>(properties(client, clientId, group, settings)), group != null, settings, history,
                startOffsets);
    }

    /** Over a consumer made elsewhere (a unit test's mock). */
    ConsumerProbe(Consumer<byte[], byte[]> consumer, boolean commits, ProbeSettings settings, History history,
                  long[] startOffsets) {
        this.consumer = consumer;
        this.commits = commits;
        this.transactional = settings.transactions();
        this.history = history;
        this.runId = history.runId();
        this.startOffsets = startOffsets.clone();
        for (int p = 0; p < settings.partitions(); p++) {
            partitions.add(new TopicPartition(settings.topic(), p));
        }
        consumer.assign(partitions);
        for (int p = 0; p < partitions.size(); p++) {
            consumer.seek(partitions.get(p), startOffsets[p]);
        }
    }

    private static Map<String, Object> properties(Map<String, Object> client, String clientId, String group,
                                                  ProbeSettings settings) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // after a truncation or an out-of-range position, go back rather than skip ahead
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // with transactions, as an exactly-once pipeline reads: aborted and open transactions stay unseen
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.transactions() ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // the probe measures when the cluster serves reads again, not its client's back-off
        ProbeClientDefaults.applyTo(props);
        return props;
    }

    /** Live: polls and records until {@link #wakeup()}. */
    void readLive() {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    live(record);
                }
                if (commits && !records.isEmpty() && System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
                    // best effort: a commit lost to a fault is only a moment of over-reported lag
                    consumer.commitAsync((offsets, error) -> { });
                    lastCommitNanos = System.nanoTime();
                }
            }
        } catch (WakeupException stop) {
            Log.debug("live probe consumer stopped");
        }
    }

    private void live(ConsumerRecord<byte[], byte[]> record) {
        int partition = record.partition();
        if (record.offset() < startOffsets[partition]) {
            return; // before this run: an earlier run's, after a reset to the log start
        }
        long atMs = history.msSinceStart(System.nanoTime());
        int epoch = record.leaderEpoch().orElse(-1);
        String foreign = ProbeMessage.foreign(record.value(), runId);
        if (foreign != null) {
            history.unexpected(partition, record.offset(), epoch, atMs, foreign);
        } else if (ProbeMessage.partition(record.value()) != partition) {
            history.unexpected(partition, record.offset(), epoch, atMs,
                    "written for partition " + ProbeMessage.partition(record.value()) + ", found in " + partition);
        } else {
            history.read(partition, ProbeMessage.sequence(record.value()), record.offset(), epoch, atMs);
        }
    }

    /**
     * The final read: from the start offsets until every acknowledged offset has been passed (or
     * the log ends before it) in every partition, or {@code timeout}. Returns whether it got there;
     * where it did not, the history learns how far it got, so that what it never reached is unseen,
     * not lost.
     *
     * <p>Where the log seems to end before an acknowledged offset, the read asks again where it ends
     * before it believes it: a transaction's commit returns once its coordinator has decided, and the
     * markers that make its records readable reach each partition after that (a transaction committed
     * moments before this read can still have records behind a marker on its way to a broker that was
     * restarted), and a new leader's high watermark catches up once its followers fetch. A log end that has not moved for {@link #SETTLE} is believed if the records
     * are not in the log at all ({@code highWatermarks} below them: truncated, so lost); records in
     * the log behind an open transaction are waited for until {@code timeout}, then unseen.
     *
     * @param highWatermarks where each partition's log ends whatever its transactions (read uncommitted)
     */
    boolean readFinal(Duration timeout, Function<List<TopicPartition>, Map<TopicPartition, Long>> highWatermarks) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long endsReadAt = System.nanoTime();
        long endsMovedAt = endsReadAt;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= startOffsets[record.partition()]
                        && ProbeMessage.foreign(record.value(), runId) == null
                        && ProbeMessage.partition(record.value()) == record.partition()) {
                    history.inFinalLog(record.partition(), ProbeMessage.sequence(record.value()));
                }
            }
            if (!notReached(ends).isEmpty()) {
                continue;
            }
            List<TopicPartition> shortLogs = endingBeforeAcknowledged(ends);
            long now = System.nanoTime();
            if (shortLogs.isEmpty() || (now - endsMovedAt >= SETTLE.toNanos() && truncated(shortLogs, highWatermarks))) {
                history.finalReadDone();
                return true;
            }
            if (now - endsReadAt >= REREAD_ENDS.toNanos()) {
                Map<TopicPartition, Long> again = consumer.endOffsets(partitions, Duration.ofNanos(Math.max(1, deadline - now)));
                endsReadAt = System.nanoTime();
                if (!again.equals(ends)) {
                    endsMovedAt = endsReadAt;
                    ends = again;
                }
            }
        }
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < history.highestAcknowledgedOffset(tp.partition()) + 1
                    && (consumer.position(tp) < ends.get(tp) || !truncated(List.of(tp), highWatermarks))) {
                history.finalReadStoppedAt(tp.partition(), consumer.position(tp));
            }
        }
        history.finalReadDone();
        return false;
    }

    /** How long a log end below an acknowledged offset must stay put before the read believes it. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration REREAD_ENDS = Duration.ofMillis(500);

    /** The partitions whose position is still below the end of the log or the highest acknowledged offset. */
    private List<TopicPartition> notReached(Map<TopicPartition, Long> ends) {
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long target = Math.min(ends.get(tp), history.highestAcknowledgedOffset(tp.partition()) + 1);
            if (consumer.position(tp) < target) {
                behind.add(tp);
            }
        }
        return behind;
    }

    /** The partitions whose readable log ends before their highest acknowledged offset. */
    private List<TopicPartition> endingBeforeAcknowledged(Map<TopicPartition, Long> ends) {
        List<TopicPartition> shortLogs = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (ends.get(tp) <= history.highestAcknowledgedOffset(tp.partition())) {
                shortLogs.add(tp);
            }
        }
        return shortLogs;
    }

    /** Whether the log itself, not only its readable part, ends before the acknowledged offsets. */
    private boolean truncated(List<TopicPartition> shortLogs,
                              Function<List<TopicPartition>, Map<TopicPartition, Long>> highWatermarks) {
        if (!transactional) {
            return true; // this consumer's ends are the high watermarks
        }
        try {
            Map<TopicPartition, Long> high = highWatermarks.apply(shortLogs);
            return shortLogs.stream().allMatch(tp -> high.get(tp) <= history.highestAcknowledgedOffset(tp.partition()));
        } catch (RuntimeException e) {
            Log.debugf("final read: high watermarks not read: %s", e.getMessage());
            return false;
        }
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
