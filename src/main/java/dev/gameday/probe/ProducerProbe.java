package dev.gameday.probe;

import dev.gameday.time.Pacer;
import dev.gameday.time.Retry;
import dev.gameday.time.Threads;
import dev.gameday.verify.History;
import dev.gameday.verify.Outcome;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * <p>
 * With transactions, it writes transactions of {@code transactionRecords} records, strictly round
 * robin from partition 0 (so that the history knows each record's transaction by its partition and
 * sequence number), and aborts every {@code abortEvery}-th on purpose. A record is acknowledged when
 * its transaction's commit returns; a transaction with a failed send is aborted (its records failed
 * for certain); one whose commit fails is unknown (its records indeterminate).
 */
final class ProducerProbe implements AutoCloseable {

    private static final int FULL_SPEED_RUN = 64;
    private static final byte[] MARKED = {1};

    private final ProbeSettings settings;
    private final History history;
    private final UUID runId;
    private final ProbeListener listener;
    private final Map<String, Object> client;
    private final Marks marks;
    /** Replaced, with transactions, after an error that leaves a transactional producer unusable. */
    private volatile KafkaProducer<byte[], byte[]> producer;
    /** Ack latency in microseconds; written by the producer's I/O thread only, read after stop. */
    private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Thread sender;
    private final Retry retry;
    private volatile boolean running = true;

    ProducerProbe(Map<String, Object> client, ProbeSettings settings, History history, ProbeListener listener,
                  Retry retry) {
        this.settings = settings;
        this.retry = retry;
        this.history = history;
        this.runId = history.runId();
        this.listener = listener;
        this.client = client;
        this.marks = settings.marks();
        this.producer = new KafkaProducer<>(config(client, settings));
        this.sender = Threads.unstarted("probe-producer", false,
                settings.transactions() ? this::transactionLoop : this::sendLoop);
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
        if (settings.transactions()) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
            // a commit or an init waits this long at most, then the transaction's outcome is unknown
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.deliveryTimeout().toMillis());
        }
        return props;
    }

    void start() {
        sender.start();
    }

    private void sendLoop() {
        int partitions = settings.partitions();
        Pacer pacer = new Pacer(settings.ratePerSecond());
        // At a set rate each record goes to the next partition, for an even view of every partition.
        // At full speed a run of records goes to one partition, so batches fill as with Kafka's sticky
        // partitioner; otherwise the probe would measure its own small batches, not the cluster.
        int run = pacer.fullSpeed() ? FULL_SPEED_RUN : 1;
        int sentInRun = 0;
        int partition = 0;
        while (pacer.awaitSlot(() -> running)) {
            send(partition);
            if (++sentInRun == run) {
                sentInRun = 0;
                partition = partition + 1 == partitions ? 0 : partition + 1;
            }
        }
    }

    /** The probe record of {@code seq}, with the header {@value Marks#HEADER} if {@code probe.mark} names it. */
    private ProducerRecord<byte[], byte[]> record(int partition, long seq, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(), partition, null, value);
        if (marks.marks(seq)) {
            record.headers().add(Marks.HEADER, MARKED);
        }
        return record;
    }

    private void send(int partition) {
        long sentNanos = System.nanoTime();
        long seq = history.nextSequence(partition, history.msSinceStart(sentNanos));
        byte[] value = ProbeMessage.encode(runId, partition, seq, System.currentTimeMillis() * 1000, settings.recordBytes());
        try {
            producer.send(record(partition, seq, value), (metadata, error) -> {
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

    /** A record of a transaction: where it went, when, and what its send's callback said. */
    private static final class Pending {
        final int partition;
        final long seq;
        final long sentNanos;
        volatile long offset = -1;
        volatile Exception error;

        Pending(int partition, long seq, long sentNanos) {
            this.partition = partition;
            this.seq = seq;
            this.sentNanos = sentNanos;
        }
    }

    /** Records sent in transactions so far: the next goes to partition sends mod P. Sender thread only. */
    private long sends;

    private void transactionLoop() {
        Pacer pacer = new Pacer(settings.ratePerSecond());
        initTransactions();
        while (running) {
            transaction(pacer);
        }
    }

    /**
     * One transaction: its records sent at the pace, round robin, then committed, or aborted (on
     * purpose, or after a failed send). Once the probe stops, the transaction in hand is finished
     * at once, so that every transaction has all its records.
     */
    private void transaction(Pacer pacer) {
        int records = settings.transactionRecords();
        int partitions = settings.partitions();
        Pending[] pending = new Pending[records];
        boolean began = begin();
        boolean sending = began;
        long txn = -1;
        for (int j = 0; j < records; j++) {
            if (running) {
                pacer.awaitSlot(() -> running);
            }
            long now = System.nanoTime();
            int partition = (int) (sends++ % partitions);
            long seq = history.nextSequence(partition, history.msSinceStart(now));
            txn = j == 0 ? history.transactionOf(partition, seq) : txn;
            pending[j] = new Pending(partition, seq, now);
            if (sending) {
                sending = sendInTransaction(pending[j]);
            }
        }
        if (sending) {
            sending = flushed(pending);
        }
        int abortEvery = settings.abortEvery();
        boolean onPurpose = sending && abortEvery > 0 && txn % abortEvery == abortEvery - 1;
        if (sending && !onPurpose) {
            commit(txn, pending);
        } else {
            abort(txn, pending, began, onPurpose);
        }
    }

    private boolean begin() {
        try {
            producer.beginTransaction();
            return true;
        } catch (RuntimeException e) {
            Log.debugf("probe transaction not begun: %s", e.toString());
            renew();
            return false;
        }
    }

    /** False when the send failed already, or could not be handed over. */
    private boolean sendInTransaction(Pending record) {
        byte[] value = ProbeMessage.encode(runId, record.partition, record.seq, System.currentTimeMillis() * 1000,
                settings.recordBytes());
        try {
            producer.send(record(record.partition, record.seq, value), (metadata, error) -> {
                if (error == null) {
                    record.offset = metadata.offset();
                } else {
                    record.error = error;
                }
            });
            return true;
        } catch (RuntimeException refused) {
            record.error = refused;
            return false;
        }
    }

    /** Waits for every send of the transaction; false when one failed. */
    private boolean flushed(Pending[] pending) {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            return false;
        }
        for (Pending record : pending) {
            if (record.error != null || record.offset < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Commits: its records are acknowledged once it returns. A commit that fails is unknown, since
     * the coordinator may have written its decision: its records are indeterminate.
     */
    private void commit(long txn, Pending[] pending) {
        history.transactionCommitting(txn, history.msSinceStart(System.nanoTime()));
        try {
            producer.commitTransaction();
        } catch (RuntimeException e) {
            Log.debugf("probe transaction %d: the commit failed, its outcome is unknown: %s", txn, e.toString());
            long atMs = history.msSinceStart(System.nanoTime());
            history.transactionEnded(txn, Outcome.INDETERMINATE);
            for (Pending record : pending) {
                history.failed(record.partition, record.seq, false, atMs);
                listener.failed(false);
            }
            renew();
            return;
        }
        long now = System.nanoTime();
        history.transactionEnded(txn, Outcome.OK);
        for (Pending record : pending) {
            long micros = (now - record.sentNanos) / 1000;
            history.acked(record.partition, record.seq, record.offset, history.msSinceStart(now), micros);
            latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
            listener.acknowledged(now - record.sentNanos);
        }
    }

    /**
     * Aborts: no commit was asked for, so its records are certainly never committed, whether or not
     * the abort itself gets through (a transaction left open is aborted by its coordinator, or by the
     * next producer with the id).
     */
    private void abort(long txn, Pending[] pending, boolean began, boolean onPurpose) {
        long atMs = history.msSinceStart(System.nanoTime());
        history.transactionEnded(txn, Outcome.FAIL);
        try {
            if (began) {
                producer.abortTransaction();
            }
        } catch (RuntimeException e) {
            Log.debugf("probe transaction %d: the abort failed: %s", txn, e.toString());
            renew();
        }
        for (Pending record : pending) {
            if (onPurpose) {
                history.abortedOnPurpose(record.partition, record.seq, atMs);
            } else {
                history.failed(record.partition, record.seq, true, atMs);
                listener.failed(true);
            }
        }
    }

    /** A new transactional producer with the same id: it fences the old one and ends its open transaction. */
    private void renew() {
        producer.close(Duration.ZERO);
        producer = new KafkaProducer<>(config(client, settings));
        initTransactions();
    }

    /** Registers the transactional id with its coordinator; retried while the probe runs. */
    private void initTransactions() {
        while (running) {
            try {
                producer.initTransactions();
                return;
            } catch (RuntimeException e) {
                Log.debugf("probe producer: initTransactions failed, again in 100 ms: %s", e.toString());
                try {
                    retry.sleep(Duration.ofMillis(100));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!(e instanceof org.apache.kafka.common.errors.TimeoutException)) {
                    producer.close(Duration.ZERO);
                    producer = new KafkaProducer<>(config(client, settings));
                }
            }
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
