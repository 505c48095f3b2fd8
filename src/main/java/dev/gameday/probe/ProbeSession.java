package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The three probes of one run around one {@link History}: the producer (acks as configured), the
 * live consumer, and the cluster probe sampling health every second. The final read after
 * producing stops is what decides which acknowledged writes were lost.
 */
public final class ProbeSession implements AutoCloseable {

    /**
     * The live consumer commits its position under this group, so that its lag is visible like any
     * consumer's (gameday_consumer_group_lag); it still assigns its partitions itself.
     */
    public static final String LIVE_GROUP = "gameday-probe";

    private final ProbeSettings settings;
    private final History history;
    private final ProducerProbe producer;
    private final ConsumerProbe live;
    private final ConsumerProbe finalRead;
    private final Thread liveThread;
    private final ScheduledExecutorService clusterProbe;

    private ProbeSession(ProbeSettings settings, History history, ProducerProbe producer, ConsumerProbe live,
                         ConsumerProbe finalRead, ScheduledExecutorService clusterProbe) {
        this.settings = settings;
        this.history = history;
        this.producer = producer;
        this.live = live;
        this.finalRead = finalRead;
        this.clusterProbe = clusterProbe;
        this.liveThread = new Thread(live::readLive, "probe-consumer");
    }

    /** Prepares the topic, notes where its partitions end, and starts all three probes. */
    public static ProbeSession start(KafkaClients clients, ClusterInspector inspector, Clock clock, ProbeSettings settings,
                                     UUID runId, ProbeListener listener) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new GamedayException(GamedayException.Kind.INVALID, String.join("; ", problems));
        }
        ProbeTopic.Shape shape = ProbeTopic.ensure(clients.admin(), settings, clients.bootstrapServers(),
                clients.requestTimeoutMs());
        long[] startOffsets = endOffsets(clients, settings);
        History history = new History(runId, clock.instant(), System.nanoTime(), startOffsets, 20,
                settings.stallThreshold().toMillis());
        Map<String, Object> client = clients.common();
        ProducerProbe producer = new ProducerProbe(client, settings, history, listener);
        ConsumerProbe live = new ConsumerProbe(client, "gameday-probe-consumer", LIVE_GROUP, settings, history,
                startOffsets);
        ConsumerProbe finalRead = new ConsumerProbe(client, "gameday-probe-final-read", null, settings, history,
                startOffsets);
        ScheduledExecutorService clusterProbe = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "probe-cluster"));
        ProbeSession session = new ProbeSession(settings, history, producer, live, finalRead, clusterProbe);
        clusterProbe.scheduleWithFixedDelay(() -> session.sampleQuietly(inspector), 0, 1, TimeUnit.SECONDS);
        session.liveThread.start();
        producer.start();
        Log.infof("probing %s (%d partitions, RF %d, min ISR %d) at %s msg/s, acks=%s, run %s", settings.topic(),
                settings.partitions(), shape.replicationFactor(), shape.minInsyncReplicas(),
                settings.ratePerSecond() == 0 ? "full speed" : settings.ratePerSecond(), settings.acks(), runId);
        return session;
    }

    /** Makes sure the probe topic exists and can prove something, before anything else of a run. */
    public static ProbeTopicInfo ensureTopic(KafkaClients clients, ProbeSettings settings) {
        ProbeTopic.Shape shape = ProbeTopic.ensure(clients.admin(), settings, clients.bootstrapServers(),
                clients.requestTimeoutMs());
        return new ProbeTopicInfo(settings.topic(), shape.partitions(), shape.replicationFactor(), shape.minInsyncReplicas());
    }

    /**
     * Where each partition ends now. A topic created a moment ago may still be unknown to the broker
     * the admin client asks for metadata, so that answer is asked again until the request timeout.
     */
    private static long[] endOffsets(KafkaClients clients, ProbeSettings settings) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < settings.partitions(); p++) {
            request.put(new TopicPartition(settings.topic(), p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(clients.requestTimeoutMs());
        try {
            while (true) {
                try {
                    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = clients.admin()
                            .listOffsets(request).all().get(clients.requestTimeoutMs(), TimeUnit.MILLISECONDS);
                    long[] offsets = new long[settings.partitions()];
                    ends.forEach((tp, info) -> offsets[tp.partition()] = info.offset());
                    return offsets;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "the probe cannot read the end offsets of "
                    + settings.topic() + " from Kafka at " + clients.bootstrapServers() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GamedayException(GamedayException.Kind.FAILED, "interrupted while reading end offsets");
        }
    }

    /**
     * Reads the cluster and records the reading in the history (the periodic cluster probe, and
     * the runner while it awaits recovery: every reading counts when the verifier judges recovery).
     */
    public ClusterSnapshot sampleCluster(ClusterInspector inspector) {
        ClusterSnapshot snapshot = inspector.snapshot(settings.topic());
        Map<Integer, Integer> leaders = new HashMap<>();
        snapshot.watched().forEach((p, state) -> leaders.put(p, state.leader()));
        history.cluster(new History.ClusterSample(history.msSinceStart(snapshot.at()), snapshot.healthy(),
                String.join("; ", snapshot.problems()), snapshot.controller(), snapshot.offline(), leaders));
        return snapshot;
    }

    private void sampleQuietly(ClusterInspector inspector) {
        try {
            sampleCluster(inspector);
        } catch (RuntimeException e) {
            Log.warnf("cluster probe: %s", e.getMessage());
        }
    }

    public History history() {
        return history;
    }

    /** The probe topic as the run found it. */
    public record ProbeTopicInfo(String name, int partitions, int replicationFactor, int minInsyncReplicas) {}

    /** Stops sending and waits for the answers still due (at most the delivery timeout). */
    public void stopProducing() {
        producer.stop();
        history.producingEnded(history.msSinceStart(System.nanoTime()));
    }

    /**
     * Stops the live consumer and reads the log from the run's start offsets until every
     * acknowledged offset has been passed, or the drain timeout. Returns whether it got there.
     */
    public boolean drain() {
        live.wakeup();
        join(liveThread);
        boolean complete = finalRead.readFinal(settings.drainTimeout());
        if (!complete) {
            Log.warnf("the final read of %s did not reach every acknowledged offset within %s", settings.topic(),
                    settings.drainTimeout());
        }
        return complete;
    }

    public ProbeStats stats() {
        return ProbeStats.of(producer.latencyMicros());
    }

    @Override
    public void close() {
        clusterProbe.shutdownNow();
        producer.close();
        live.wakeup();
        join(liveThread);
        live.close();
        finalRead.close();
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
