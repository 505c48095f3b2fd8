package dev.gameday.probe;

import dev.gameday.time.Threads;
import dev.gameday.verify.GroupEvent;
import dev.gameday.verify.GroupMember;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of the group probe, in its own thread, as an application consumes: subscribe, poll,
 * process (record in the history) and commit, after processing or (as auto-commit can) before.
 * Its rebalance listener tells the history every change of what it owns, so that rebalance times
 * mean the same under both protocols.
 * <p>
 * A crash is what a killed process does to its group: the member stops in the middle of a batch,
 * after the poll that returned it (and after committing it, if it commits before processing), and
 * its client is closed without a commit and without leaving the group (KIP-1092's REMAIN_IN_GROUP):
 * its connections drop, and the coordinator finds out only when the member's session times out,
 * as with a SIGKILLed consumer. Stopping to poll instead would not do: the client's heartbeat
 * thread would go on, and leave the group once max.poll.interval.ms passed.
 */
final class GroupMemberProbe implements ConsumerRebalanceListener {

    private static final Duration POLL = Duration.ofMillis(200);
    /** A crash waits for a batch in hand (it then skips it, if committed) at most this long. */
    private static final long CRASH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ProbeSettings settings;
    private final GroupSettings group;
    private final History history;
    private final GroupMember member;
    private final long[] startOffsets;
    private final UUID runId;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Per partition it owns, the offset after the last record it processed. */
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    /** Whether it processed something since its last commit. */
    private boolean uncommitted;
    private volatile boolean running = true;
    private volatile long crashAt = Long.MAX_VALUE;
    /** Set by the member's own thread when it crashes: the listener then does nothing (a dead process runs no code). */
    private boolean crashed;
    private long lastCommitNanos = System.nanoTime();

    GroupMemberProbe(Map<String, Object> client, ProbeSettings settings, History history, GroupMember member,
                     long[] startOffsets) {
        this.settings = settings;
        this.group = settings.group();
        this.history = history;
        this.member = member;
        this.startOffsets = startOffsets;
        this.runId = history.runId();
        this.consumer = new KafkaConsumer<>(config(client, settings, member.id()));
        this.thread = Threads.unstarted("probe-group-member-" + member.id(), false, this::run);
    }

    static Map<String, Object> config(Map<String, Object> client, ProbeSettings settings, int memberId) {
        GroupSettings group = settings.group();
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group.id() + "-member-" + memberId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group.id());
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, group.protocol());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a member starts where the group committed; where nothing was committed, at the run's start (the listener)
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.transactions() ? "read_committed" : "read_uncommitted");
        if (group.protocol().equals(GroupSettings.CLASSIC)) {
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
            if (group.sessionTimeout() != null) {
                int session = (int) group.sessionTimeout().toMillis();
                props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
                props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(3_000, session / 3));
            }
        }
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ProbeClientDefaults.applyTo(props);
        return props;
    }

    int id() {
        return member.id();
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), this);
            while (running) {
                try {
                    if (!pollAndProcess()) {
                        return; // crashed: nothing more, not even a close that leaves
                    }
                } catch (WakeupException stop) {
                    // stop() asked; the loop ends
                }
            }
            leave();
        } catch (RuntimeException e) {
            Log.warnf("group member %d stopped: %s", member.id(), e.toString());
            consumer.close(Duration.ZERO);
        } finally {
            ended.countDown();
        }
    }

    /** One poll, its commit and its records; false when the member crashed instead. */
    private boolean pollAndProcess() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (group.commitsBeforeProcessing() && !records.isEmpty() && commitDue()) {
            commitSync(nextOffsets(records));
        }
        if (System.nanoTime() >= crashAt && (!records.isEmpty() || System.nanoTime() >= crashAt + CRASH_WAIT_NANOS)) {
            crashNow();
            return false;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            process(record);
        }
        if (!group.commitsBeforeProcessing() && uncommitted && commitDue()) {
            uncommitted = false;
            consumer.commitAsync(new HashMap<>(processed), (done, error) -> {
                if (error == null) {
                    committed(done);
                } else {
                    Log.debugf("group member %d: a commit failed: %s", member.id(), error.toString());
                }
            });
        }
        return true;
    }

    private void process(ConsumerRecord<byte[], byte[]> record) {
        int partition = record.partition();
        if (partition >= startOffsets.length || record.offset() < startOffsets[partition]) {
            return; // not a probed partition, or before this run
        }
        long atMs = history.msSinceStart(System.nanoTime());
        byte[] value = record.value();
        if (ProbeMessage.foreign(value, runId) != null || ProbeMessage.partition(value) != partition) {
            history.groupPassed(member, partition, record.offset(), atMs);
        } else {
            history.groupProcessed(member, partition, ProbeMessage.sequence(value), record.offset(),
                    record.leaderEpoch().orElse(-1), atMs);
        }
        processed.put(new TopicPartition(record.topic(), partition), new OffsetAndMetadata(record.offset() + 1));
        uncommitted = true;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            next.put(tp, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
        }
        return next;
    }

    private boolean commitDue() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < group.commitInterval().toNanos()) {
            return false;
        }
        lastCommitNanos = now;
        return true;
    }

    /** Commits and waits; a commit that fails (a rebalance, the coordinator away) is only logged, as applications do. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            committed(offsets);
        } catch (WakeupException stop) {
            throw stop;
        } catch (RuntimeException e) {
            Log.debugf("group member %d: a commit failed: %s", member.id(), e.toString());
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long atMs = history.msSinceStart(System.nanoTime());
        offsets.forEach((tp, offset) -> {
            if (tp.partition() < startOffsets.length) {
                history.groupCommitted(member, tp.partition(), offset.offset(), atMs);
            }
        });
    }

    private void crashNow() {
        crashed = true;
        history.groupEvent(member, GroupEvent.Kind.CRASHED, List.of(), history.msSinceStart(System.nanoTime()));
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ZERO));
        Log.infof("group member %d crashed: closed without a commit and without leaving group %s", member.id(),
                group.id());
    }

    /** The probe stops: commit what was processed (after-processing members), leave the group. */
    private void leave() {
        if (!group.commitsBeforeProcessing()) {
            try {
                commitSync(new HashMap<>(processed));
            } catch (WakeupException late) { // stop()'s wake-up came after the last poll: it is spent now
                commitSync(new HashMap<>(processed));
            }
        }
        consumer.close(Duration.ofSeconds(5));
        history.groupEvent(member, GroupEvent.Kind.LEFT, List.of(), history.msSinceStart(System.nanoTime()));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        List<Integer> probed = probed(partitions);
        if (crashed || probed.isEmpty()) {
            return;
        }
        long atMs = history.msSinceStart(System.nanoTime());
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
                    Duration.ofSeconds(10));
            for (TopicPartition tp : partitions) {
                if (tp.partition() >= startOffsets.length) {
                    continue;
                }
                OffsetAndMetadata offset = committed.get(tp);
                if (offset == null || offset.offset() < startOffsets[tp.partition()]) {
                    consumer.seek(tp, startOffsets[tp.partition()]); // nothing committed in this run yet
                } else {
                    history.groupCommitted(member, tp.partition(), offset.offset(), atMs);
                }
            }
        } catch (WakeupException stop) {
            throw stop;
        } catch (RuntimeException e) {
            Log.warnf("group member %d: the committed offsets of %s could not be read (%s); it starts where the "
                    + "group committed", member.id(), partitions, e.toString());
        }
        history.groupEvent(member, GroupEvent.Kind.ASSIGNED, probed, atMs);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<Integer> probed = probed(partitions);
        if (crashed || probed.isEmpty()) {
            return;
        }
        // what it processed of them, committed again even if an asynchronous commit of it is under way:
        // the synchronous one lands after it, before another member can start from the group's offset
        Map<TopicPartition, OffsetAndMetadata> giving = new HashMap<>();
        partitions.forEach(tp -> {
            OffsetAndMetadata offset = processed.remove(tp);
            if (offset != null) {
                giving.put(tp, offset);
            }
        });
        if (!group.commitsBeforeProcessing()) {
            commitSync(giving);
        }
        history.groupEvent(member, GroupEvent.Kind.REVOKED, probed, history.msSinceStart(System.nanoTime()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        List<Integer> probed = probed(partitions);
        if (crashed || probed.isEmpty()) {
            return;
        }
        partitions.forEach(processed::remove);
        history.groupEvent(member, GroupEvent.Kind.LOST, probed, history.msSinceStart(System.nanoTime()));
    }

    private List<Integer> probed(Collection<TopicPartition> partitions) {
        List<Integer> probed = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (tp.partition() < startOffsets.length) {
                probed.add(tp.partition());
            }
        }
        return probed;
    }

    /** Asks the member to crash at its next batch, and waits until it has (at most the wait for a batch and 5 s). */
    void crash() {
        crashAt = System.nanoTime();
        awaitEnd(TimeUnit.NANOSECONDS.toMillis(CRASH_WAIT_NANOS) + 5_000);
        if (ended.getCount() > 0) {
            Log.warnf("group member %d has not crashed yet: it is stuck in a call to the cluster; it will at its "
                    + "next batch", member.id());
        }
    }

    /** Asks the member to stop: it commits what it processed and leaves the group. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
