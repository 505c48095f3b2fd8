package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.kafka.ClusterInspector;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.time.Retry;
import dev.gameday.time.Threads;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The three probes of one run around one {@link History}: the producer (acks as configured), the
 * live consumer, and the cluster probe sampling health every second. The final read after
 * producing stops is what decides which acknowledged writes were lost.
 */
public final class ProbeSession implements Probes {

    /**
     * The live consumer commits its position under this group, so that its lag is visible like any
     * consumer's (gameday_consumer_group_lag); it still assigns its partitions itself.
     */
    public static final String LIVE_GROUP = "gameday-probe";

    private final KafkaClients clients;
    private final ProbeSettings settings;
    private final History history;
    private final ProducerProbe producer;
    private final ConsumerProbe live;
    private final ConsumerProbe finalRead;
    /** Null without a group probe. */
    private final GroupProbe group;
    private final Thread liveThread;
    private final ScheduledExecutorService clusterProbe;
    private final ClusterInspector inspector;
    private final Consumer<ClusterSnapshot> readings;
    /** Null without a pipeline probe; set once it runs. */
    private volatile PipelineProbe pipeline;
    /** Null without a registry probe. */
    private volatile RegistryProbe registry;

    private ProbeSession(KafkaClients clients, ProbeSettings settings, History history, ProducerProbe producer, ConsumerProbe live,
                         ConsumerProbe finalRead, GroupProbe group, ClusterInspector inspector,
                         Consumer<ClusterSnapshot> readings) {
        this.clients = clients;
        this.settings = settings;
        this.history = history;
        this.producer = producer;
        this.live = live;
        this.finalRead = finalRead;
        this.group = group;
        this.inspector = inspector;
        this.readings = readings;
        this.clusterProbe = Threads.scheduled("probe-cluster", false);
        this.liveThread = Threads.unstarted("probe-consumer", false, live::readLive);
    }

    /**
     * Notes where each partition of the probe topic ends and starts all three probes.
     *
     * @param topic    the probe topic as {@link ProbeTopic#ensure} found it for this run
     * @param readings told of every cluster reading, after it is recorded (a run's abort conditions watch them)
     * @param integrations the Connect cluster of the pipeline probe and the registry of the registry probe,
     *                     where the settings ask for them
     */
    public static ProbeSession start(KafkaClients clients, ClusterInspector inspector, Retry retry, ProbeSettings settings,
                                     ProbeTopic topic, UUID runId, ProbeListener listener,
                                     Consumer<ClusterSnapshot> readings, ProbeIntegrations integrations) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new GamedayException(GamedayException.Kind.INVALID, String.join("; ", problems));
        }
        long[] startOffsets = endOffsets(clients, settings);
        History history = new History(runId, retry.clock().instant(), System.nanoTime(), startOffsets, 20,
                settings.stallThreshold().toMillis(), settings.transactions() ? settings.transactionRecords() : 0);
        Map<String, Object> client = clients.common();
        ProducerProbe producer = new ProducerProbe(client, settings, history, listener, retry);
        ConsumerProbe live = new ConsumerProbe(client, "gameday-probe-consumer", LIVE_GROUP, settings, history,
                startOffsets);
        ConsumerProbe finalRead = new ConsumerProbe(client, "gameday-probe-final-read", null, settings, history,
                startOffsets);
        GroupProbe group = settings.group() == null ? null : new GroupProbe(client, settings, history, startOffsets);
        ProbeSession session = new ProbeSession(clients, settings, history, producer, live, finalRead, group, inspector, readings);
        if (settings.pipeline() != null) {
            try {
                session.pipeline = PipelineProbe.start(integrations.pipeline(), clients, settings, topic, history,
                        startOffsets, retry);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        if (settings.registry() != null) {
            session.registry = new RegistryProbe(integrations.registry(), settings.registry(), history, retry);
            try {
                session.registry.start();
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        session.clusterProbe.scheduleWithFixedDelay(session::sampleQuietly, 0, 1, TimeUnit.SECONDS);
        session.liveThread.start();
        if (group != null) {
            group.start();
        }
        producer.start();
        Log.infof("probing %s (%d partitions, RF %d, min ISR %d) at %s msg/s, acks=%s%s, run %s", topic.name(),
                settings.partitions(), topic.replicationFactor(), topic.minInsyncReplicas(),
                settings.ratePerSecond() == 0 ? "full speed" : settings.ratePerSecond(), settings.acks(),
                settings.transactions() ? ", transactions of " + settings.transactionRecords() + " records as "
                        + settings.transactionalId() + (settings.abortEvery() == 0 ? ", none aborted"
                        : ", one in " + settings.abortEvery() + " aborted on purpose") : "", runId);
        return session;
    }

    /** Where each partition ends now; the topic may have been created a moment ago. */
    private static long[] endOffsets(KafkaClients clients, ProbeSettings settings) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < settings.partitions(); p++) {
            request.put(new TopicPartition(settings.topic(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = clients.whileUnknown(settings.topic(),
                () -> clients.await("read the end offsets of " + settings.topic(), clients.admin().listOffsets(request).all()));
        long[] offsets = new long[settings.partitions()];
        ends.forEach((tp, info) -> offsets[tp.partition()] = info.offset());
        return offsets;
    }

    /**
     * Reads the cluster and records the reading in the history (the periodic cluster probe, and
     * the run while it awaits a healthy cluster: every reading counts when the verifier judges recovery).
     */
    @Override
    public ClusterSnapshot sampleCluster() {
        ClusterSnapshot snapshot = inspector.snapshot(settings.topic());
        Map<Integer, Integer> leaders = new HashMap<>();
        snapshot.watched().forEach((p, state) -> leaders.put(p, state.leader()));
        history.cluster(new History.ClusterSample(history.msSinceStart(snapshot.at()), snapshot.healthy(),
                String.join("; ", snapshot.problems()), snapshot.controller(), snapshot.offline(), leaders));
        readings.accept(snapshot);
        return snapshot;
    }

    private void sampleQuietly() {
        try {
            sampleCluster();
        } catch (RuntimeException e) {
            Log.warnf("cluster probe: %s", e.getMessage());
        }
    }

    @Override
    public History history() {
        return history;
    }

    /** Stops sending and waits for the answers still due (at most the delivery timeout). */
    @Override
    public void stopProducing() {
        producer.stop();
        if (registry != null) {
            registry.close(); // its requests end with the producer's: both measure the run, not the drain
        }
        history.producingEnded(history.msSinceStart(System.nanoTime()));
    }

    /**
     * Stops the live consumer and reads the log from the run's start offsets until every
     * acknowledged offset has been passed, or the drain timeout. Returns whether it got there.
     */
    @Override
    public boolean drain() {
        live.wakeup();
        join(liveThread);
        if (group != null) {
            group.stop();
        }
        boolean complete = finalRead.readFinal(settings.drainTimeout(), this::highWatermarks);
        if (!complete) {
            Log.warnf("the final read of %s did not reach every acknowledged offset within %s", settings.topic(),
                    settings.drainTimeout());
        }
        if (pipeline != null) {
            pipeline.drain(settings.pipeline().drainTimeout()); // what it lacks then is judged lost downstream
        }
        return complete;
    }

    /** Where these partitions' logs end, open transactions included. */
    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        clients.await("read the high watermarks of " + settings.topic(), clients.admin()
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all())
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public ProbeStats stats() {
        return ProbeStats.of(producer.latencyMicros());
    }

    @Override
    public CrashedMember crashGroupMember(Integer slot, Random random) {
        return groupProbe().crash(slot, random);
    }

    @Override
    public void replaceGroupMember(int slot) {
        groupProbe().replace(slot);
    }

    private GroupProbe groupProbe() {
        if (group == null) {
            throw new GamedayException(GamedayException.Kind.INVALID, "this run has no group probe (probe.group)");
        }
        return group;
    }

    @Override
    public void close() {
        clusterProbe.shutdownNow();
        producer.close();
        live.wakeup();
        join(liveThread);
        live.close();
        finalRead.close();
        if (group != null) {
            group.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
