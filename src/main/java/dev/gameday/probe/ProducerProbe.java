package dev.gameday.probe;

import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends probe records to explicit partitions, round robin, at a steady rate; records every send's
 * end in the {@link History} (ok with its offset, fail, or indeterminate) and its ack latency.
 */
final class ProducerProbe implements AutoCloseable {

    private static final int FULL_SPEED_RUN = 64;

    private final ProbeSettings settings;
    private final History history;
    private final UUID runId;
    private final ProbeListener listener;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Ack latency in microseconds; written by the producer's I/O thread only, read after stop. */
    private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Thread sender;
    private volatile boolean running = true;

    ProducerProbe(Map<String, Object> client, ProbeSettings settings, History history, ProbeListener listener) {
        this.settings = settings;
        this.history = history;
        this.runId = history.runId();
        this.listener = listener;
        this.producer = new KafkaProducer<>(config(client, settings));
        this.sender = new Thread(this::sendLoop, "probe-producer");
    }

    static Map<String, Object> config(Map<String, Object> client, ProbeSettings settings) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gameday-probe-producer");
        props.put(ProducerConfig.ACKS_CONFIG, settings.acks());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, settings.idempotence());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms: half of it leaves room for a retry
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, settings.deliveryTimeout().toMillis() / 2));
        // the probe measures when the cluster takes writes again, not its client's back-off
        ProbeClientDefaults.applyTo(props);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    void start() {
        sender.start();
    }

    private void sendLoop() {
        int partitions = settings.partitions();
        long interval = settings.ratePerSecond() == 0 ? 0 : 1_000_000_000L / settings.ratePerSecond();
        // At a set rate each record goes to the next partition, for an even view of every partition.
        // At full speed a run of records goes to one partition, so batches fill as with Kafka's sticky
        // partitioner; otherwise the probe would measure its own small batches, not the cluster.
        int run = interval == 0 ? FULL_SPEED_RUN : 1;
        int sentInRun = 0;
        long next = System.nanoTime();
        int partition = 0;
        while (running) {
            if (interval > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                next += interval;
            }
            send(partition);
            if (++sentInRun == run) {
                sentInRun = 0;
                partition = partition + 1 == partitions ? 0 : partition + 1;
            }
        }
    }

    private void send(int partition) {
        long sentNanos = System.nanoTime();
        long seq = history.nextSequence(partition, history.msSinceStart(sentNanos));
        byte[] value = ProbeMessage.encode(runId, partition, seq, System.currentTimeMillis() * 1000, settings.recordBytes());
        try {
            producer.send(new ProducerRecord<>(settings.topic(), partition, null, value), (metadata, error) -> {
                long now = System.nanoTime();
                if (error == null) {
                    long micros = (now - sentNanos) / 1000;
                    history.acked(partition, seq, metadata.offset(), history.msSinceStart(now), micros);
                    latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
                    listener.acknowledged(now - sentNanos);
                } else {
                    boolean definite = definite(error);
                    history.failed(partition, seq, definite, history.msSinceStart(now));
                    listener.failed(definite);
                }
            });
        } catch (RuntimeException refused) {
            // never handed to the producer: certainly not written
            history.failed(partition, seq, true, history.msSinceStart(System.nanoTime()));
            listener.failed(true);
            Log.debugf("probe send refused by the producer: %s", refused.getMessage());
        }
    }

    /**
     * A send failed for certain only if the record cannot have reached a log: it was refused before
     * any broker took it. Everything else, a timeout or a NotEnoughReplicas after a retry among
     * them, may have been written and is indeterminate: never counted as lost, nor as read in error.
     */
    static boolean definite(Exception error) {
        return error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof SerializationException
                || error instanceof AuthorizationException
                || error instanceof AuthenticationException
                || error instanceof InvalidTopicException;
    }

    /** Stops sending; waits up to the delivery timeout for the answers still due. */
    void stop() {
        running = false;
        try {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(settings.deliveryTimeout().plusSeconds(5));
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            producer.close(Duration.ZERO);
        }
    }
}
