package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.connect.ConnectClient;
import dev.gameday.connect.ConnectorState;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.time.Retry;
import dev.gameday.time.Threads;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipeline probe: MirrorMaker 2's source connector, created for this run on the lab's Kafka
 * Connect cluster, copies the probe topic to {@code gameday-mirror.<topic>} from exactly the offsets
 * the run starts at (created stopped, its offsets set, then resumed), and a consumer reads the copy
 * and records each probe record it finds there. Once a second it notes how many of the connector's
 * tasks run on a worker that answers. At the end the copy is given the pipeline's drain timeout to
 * catch up, and the connector is deleted whatever happened.
 */
final class PipelineProbe implements AutoCloseable {

    /** Remote topics are named {@code <source alias>.<topic>}: the alias gives the mirror topics their prefix. */
    static final String SOURCE_ALIAS = "gameday-mirror";
    /** The keys of the workers' client file (compose/connect) the connector's own clients use. */
    private static final List<String> CLIENT_KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password");

    private final ConnectClient connect;
    private final String connector;
    private final String mirror;
    private final History history;
    private final UUID runId;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long[] mirrorStart;
    private final KafkaClients clients;
    private final int partitions;
    private final Thread reader;
    private final ScheduledExecutorService watcher;
    private final Retry retry;
    private volatile boolean reading = true;

    private PipelineProbe(ConnectClient connect, String connector, String mirror, History history,
                          KafkaConsumer<byte[], byte[]> consumer, long[] mirrorStart, KafkaClients clients, int partitions,
                          Retry retry) {
        this.connect = connect;
        this.retry = retry;
        this.connector = connector;
        this.mirror = mirror;
        this.history = history;
        this.runId = history.runId();
        this.consumer = consumer;
        this.mirrorStart = mirrorStart;
        this.clients = clients;
        this.partitions = partitions;
        this.reader = Threads.unstarted("probe-pipeline", false, this::read);
        this.watcher = Threads.scheduled("probe-pipeline-tasks", false);
    }

    /** The mirror topic of a probe topic. */
    static String mirrorOf(String topic) {
        return SOURCE_ALIAS + "." + topic;
    }

    /**
     * Creates the run's connector and starts reading its copy.
     *
     * @param target       the Connect cluster, and how its workers reach the cluster under test
     * @param topic        the probe topic as the run found it
     * @param startOffsets where each of its partitions ended when the run started: the copy starts there
     */
    static PipelineProbe start(PipelineTarget target, KafkaClients clients, ProbeSettings settings, ProbeTopic topic,
                               History history, long[] startOffsets, Retry retry) {
        PipelineSettings pipeline = settings.pipeline();
        String connector = "gameday-mirror-" + history.runId().toString().substring(0, 8);
        String mirror = mirrorOf(topic.name());
        long[] mirrorStart = endOffsets(clients, mirror, settings.partitions());
        ConnectClient connect = target.client();
        retrying(retry, "delete a leftover connector " + connector, () -> connect.delete(connector));
        retrying(retry, "create connector " + connector, () -> connect.createStopped(connector,
                config(target, pipeline, topic)));
        List<Map<String, Map<String, Object>>> offsets = new ArrayList<>();
        for (int p = 0; p < startOffsets.length; p++) {
            if (startOffsets[p] > 0) { // a partition without an offset is copied from its beginning, 0
                offsets.add(Map.of("partition", Map.of("cluster", SOURCE_ALIAS, "topic", topic.name(), "partition", p),
                        "offset", Map.of("offset", startOffsets[p] - 1))); // the last copied: it goes on after it
            }
        }
        if (!offsets.isEmpty()) {
            retrying(retry, "set the offsets of " + connector, () -> connect.alterOffsets(connector, offsets));
        }
        retrying(retry, "resume " + connector, () -> connect.resume(connector));
        awaitRunning(retry, connect, connector, Duration.ofSeconds(60));
        history.pipelineStarted();
        PipelineProbe probe = new PipelineProbe(connect, connector, mirror, history, consumer(clients), mirrorStart,
                clients, settings.partitions(), retry);
        probe.reader.start();
        probe.watcher.scheduleWithFixedDelay(probe::sampleTasks, 0, 1, TimeUnit.SECONDS);
        Log.infof("pipeline probe: connector %s copies %s to %s with %d task(s), from offsets %s", connector,
                topic.name(), mirror, pipeline.tasks(), Arrays.toString(startOffsets));
        return probe;
    }

    /**
     * Waits until every task of the new connector runs on a worker that answers; a connector that does
     * not get there is deleted and the run refused, with what Connect said of its first failed task.
     */
    private static void awaitRunning(Retry retry, ConnectClient connect, String connector, Duration within) {
        try {
            retry.within("the tasks of connector " + connector + " running", within, Duration.ofMillis(500), () -> {
                ConnectorState state;
                try {
                    state = connect.status(connector);
                } catch (GamedayException e) {
                    throw Retry.notYet(e.getMessage(), e);
                }
                if (!state.allRunning(connect.alive())) {
                    throw Retry.notYet("connector " + state.state() + ", tasks " + state.tasks().stream()
                            .map(t -> t.id() + " " + t.state() + " on " + t.worker()).toList()
                            + state.tasks().stream().filter(t -> t.trace() != null).findFirst()
                                    .map(t -> ": " + t.trace().lines().findFirst().orElse("")).orElse(""));
                }
                return state;
            });
        } catch (Retry.TimedOut e) {
            try {
                connect.delete(connector);
            } catch (GamedayException ignored) {
                // the refusal below says what matters
            }
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "pipeline probe: the tasks of connector "
                    + connector + " did not all run within " + within.toSeconds() + " s (" + e.lastReason() + ")");
        }
    }

    /** MirrorMaker's source connector from the cluster under test to itself. */
    static Map<String, String> config(PipelineTarget target, PipelineSettings pipeline, ProbeTopic topic) {
        Map<String, String> config = new LinkedHashMap<>(pipeline.connector());
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("tasks.max", String.valueOf(pipeline.tasks()));
        config.put("source.cluster.alias", SOURCE_ALIAS);
        config.put("target.cluster.alias", "target");
        config.put("topics", Pattern.quote(topic.name())); // a list of regular expressions
        config.put("replication.factor", String.valueOf(topic.replicationFactor()));
        config.put("offset-syncs.topic.replication.factor", String.valueOf(topic.replicationFactor()));
        // the copy is what is checked; the topic's ACLs and settings are not the copy's business
        config.putIfAbsent("sync.topic.acls.enabled", "false");
        config.putIfAbsent("sync.topic.configs.enabled", "false");
        config.putIfAbsent("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.putIfAbsent("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.putIfAbsent("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        for (String cluster : List.of("source.cluster.", "target.cluster.")) {
            config.put(cluster + "bootstrap.servers", target.bootstrapServers());
            target.clientProperties().ifPresent(file -> CLIENT_KEYS.forEach(key ->
                    config.put(cluster + key, "${file:" + file + ":" + key + "}")));
        }
        return config;
    }

    /** Where each partition of the mirror topic ends now; zeros when MirrorMaker has yet to create it. */
    private static long[] endOffsets(KafkaClients clients, String mirror, int partitions) {
        long[] offsets = new long[partitions];
        boolean exists = clients.await("list the topics", clients.admin().listTopics().names()).contains(mirror);
        if (!exists) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(mirror, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                clients.await("read the end offsets of " + mirror, clients.admin().listOffsets(request).all());
        ends.forEach((tp, info) -> offsets[tp.partition()] = info.offset());
        return offsets;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaClients clients) {
        Map<String, Object> props = new HashMap<>(clients.common());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gameday-probe-pipeline");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ProbeClientDefaults.applyTo(props);
        return new KafkaConsumer<>(props);
    }

    /** Waits for MirrorMaker to create the mirror topic, then reads it from where it ended at the start. */
    private void read() {
        try {
            while (reading && !exists()) {
                retry.sleep(Duration.ofMillis(500));
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(mirror, p));
            }
            consumer.assign(assigned);
            for (int p = 0; p < partitions; p++) {
                consumer.seek(assigned.get(p), mirrorStart[p]);
            }
            while (reading) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (ProbeMessage.foreign(record.value(), runId) == null) {
                        long now = System.currentTimeMillis();
                        history.mirrored(ProbeMessage.partition(record.value()), ProbeMessage.sequence(record.value()),
                                history.msSinceStart(System.nanoTime()),
                                now - ProbeMessage.sentEpochMicros(record.value()) / 1000);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() ends the read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reading) {
                Log.warnf("pipeline probe: reading %s failed: %s", mirror, e.toString());
            }
        }
    }

    private boolean exists() {
        try {
            return clients.admin().listTopics().names().get(5, TimeUnit.SECONDS).contains(mirror);
        } catch (Exception notNow) { // the cluster under a fault: ask again
            return false;
        }
    }

    private void sampleTasks() {
        try {
            ConnectorState state = connect.status(connector);
            List<String> alive = connect.alive();
            history.pipelineTasks(new History.TaskSample(history.msSinceStart(System.nanoTime()),
                    (int) state.running(alive), state.tasks().size()));
        } catch (RuntimeException e) {
            // no worker answered: nothing runs that anyone can see
            history.pipelineTasks(new History.TaskSample(history.msSinceStart(System.nanoTime()), 0, 0));
            Log.debugf("pipeline probe: status of %s: %s", connector, e.getMessage());
        }
    }

    /**
     * Gives the copy until {@code timeout} to hold every acknowledged record; whether it got there.
     * What it still lacks then is lost downstream.
     */
    boolean drain(Duration timeout) {
        boolean caughtUp;
        try {
            caughtUp = retry.within("the copy caught up", timeout, Duration.ofMillis(250), () -> {
                if (!history.allMirrored()) {
                    throw Retry.notYet("acknowledged records not copied yet");
                }
                return true;
            });
        } catch (GamedayException timedOutOrInterrupted) {
            caughtUp = false;
        }
        history.pipelineDrained(caughtUp);
        if (!caughtUp) {
            Log.warnf("pipeline probe: %s lacked acknowledged records %s after producing stopped", mirror, timeout);
        }
        return caughtUp;
    }

    /** Stops reading and deletes the run's connector (its copy stays, as the probe topic does). */
    @Override
    public void close() {
        reading = false;
        watcher.shutdownNow();
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        try {
            retrying(retry, "delete connector " + connector, () -> connect.delete(connector));
        } catch (GamedayException e) {
            Log.warnf("pipeline probe: connector %s not deleted: %s (delete it with DELETE /connectors/%s)", connector,
                    e.getMessage(), connector);
        }
    }

    /** Asks again for up to 30 s while no worker can answer (a rebalance of the Connect group), every second. */
    private static void retrying(Retry retry, String what, Runnable call) {
        try {
            retry.within(what, Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {
                try {
                    call.run();
                    return null;
                } catch (GamedayException e) {
                    if (e.kind() != GamedayException.Kind.UNAVAILABLE) {
                        throw new GamedayException(e.kind(), "pipeline probe: could not " + what + ": " + e.getMessage(), e);
                    }
                    throw Retry.notYet(e.getMessage(), e);
                }
            });
        } catch (Retry.TimedOut e) {
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "pipeline probe: could not " + what + ": "
                    + e.lastReason(), e.getCause());
        }
    }
}
