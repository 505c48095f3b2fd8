package dev.gameday.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.kafka.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run probes the cluster (the {@code probe:} block of an experiment). Every field has a
 * default; a rate of 0 sends as fast as the producer can.
 *
 * @param acks            "all" (default) or "1": the latter only to show what loss looks like
 * @param deliveryTimeout a send without an answer after this long is indeterminate
 * @param drainTimeout    the final read stops after this long even if acknowledged offsets are missing
 * @param stallThreshold  acknowledged data unread this long is a consumer stall
 * @param group           the group probe; none when not given
 * @param transactions    the producer writes transactions of {@code transactionRecords} records, every
 *                        {@code abortEvery}-th of them aborted on purpose (0: none), and every consumer
 *                        reads committed records only
 * @param transactionalId the transactional producer's id; the experiment's own ("gameday-" and its name)
 *                        when not given
 * @param mark            sequence numbers whose records carry the header {@value Marks#HEADER} ("100-149,
 *                        300"), in every partition: for a pipeline broken on purpose
 * @param pipeline        the pipeline probe (a MirrorMaker copy of the probe topic through Kafka Connect);
 *                        none when not given
 * @param registry        the registry probe (schemas registered on one registry node, found on another);
 *                        none when not given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeSettings(String topic, Integer partitions, Integer ratePerSecond, Integer recordBytes, String acks,
                            Boolean idempotence, Duration warmup, Duration deliveryTimeout, Duration drainTimeout,
                            Duration stallThreshold, GroupSettings group, Boolean transactions,
                            Integer transactionRecords, Integer abortEvery, String transactionalId, String mark,
                            PipelineSettings pipeline, RegistrySettings registry) {

    public ProbeSettings {
        topic = topic == null ? "gameday-probe" : topic;
        partitions = partitions == null ? 6 : partitions;
        ratePerSecond = ratePerSecond == null ? 500 : ratePerSecond;
        recordBytes = recordBytes == null ? 100 : recordBytes;
        acks = acks == null ? "all" : acks;
        transactions = transactions != null && transactions;
        idempotence = idempotence == null ? Boolean.valueOf(acks.equals("all") || transactions) : idempotence;
        warmup = warmup == null ? Duration.ofSeconds(10) : warmup;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(30) : deliveryTimeout;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(60) : drainTimeout;
        stallThreshold = stallThreshold == null ? Duration.ofSeconds(5) : stallThreshold;
        // only a transactional probe has these, so that a definition without transactions does not show them
        transactionRecords = transactionRecords == null && transactions ? Integer.valueOf(10) : transactionRecords;
        abortEvery = abortEvery == null && transactions ? Integer.valueOf(10) : abortEvery;
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public ProbeSettings withTopic(String name) {
        return new ProbeSettings(name, partitions, ratePerSecond, recordBytes, acks, idempotence, warmup, deliveryTimeout,
                drainTimeout, stallThreshold, group, transactions, transactionRecords, abortEvery, transactionalId, mark,
                pipeline, registry);
    }

    public ProbeSettings withRate(int perSecond) {
        return new ProbeSettings(topic, partitions, perSecond, recordBytes, acks, idempotence, warmup, deliveryTimeout,
                drainTimeout, stallThreshold, group, transactions, transactionRecords, abortEvery, transactionalId, mark,
                pipeline, registry);
    }

    /**
     * The probe with the ids an experiment gives it when the definition names none: its group and
     * its transactional id are the experiment's own, "gameday-" and the experiment's name (the
     * prefix the lab's ACLs grant).
     */
    public ProbeSettings ownedBy(String experiment) {
        String own = "gameday-" + experiment;
        return new ProbeSettings(topic, partitions, ratePerSecond, recordBytes, acks, idempotence, warmup, deliveryTimeout,
                drainTimeout, stallThreshold, group != null && group.id() == null ? group.withId(own) : group,
                transactions, transactionRecords, abortEvery, transactions && transactionalId == null ? own : transactionalId,
                mark, pipeline, registry);
    }

    /** What is wrong with the settings, each naming its field; empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        TopicNames.whyRefused(topic).ifPresent(why -> problems.add("probe.topic: " + why));
        if (TopicNames.internal(topic)) {
            problems.add("probe.topic: '" + topic + "' is one of Kafka's internal topics (their names start with '__'); "
                    + "the probe writes only to a topic of its own");
        }
        if (partitions < 1 || partitions > 1000) {
            problems.add("probe.partitions: must be between 1 and 1000, got " + partitions);
        }
        if (ratePerSecond < 0) {
            problems.add("probe.ratePerSecond: must be 0 (as fast as possible) or more, got " + ratePerSecond);
        }
        if (recordBytes < ProbeMessage.HEADER_BYTES || recordBytes > 1_000_000) {
            problems.add("probe.recordBytes: must be between " + ProbeMessage.HEADER_BYTES + " and 1000000, got " + recordBytes);
        }
        if (!acks.equals("all") && !acks.equals("1")) {
            problems.add("probe.acks: must be all or 1, got '" + acks + "'");
        }
        if (idempotence && !acks.equals("all") && !transactions) { // transactions say it below, naming acks
            problems.add("probe.idempotence: the idempotent producer needs acks all");
        }
        if (deliveryTimeout.toMillis() < 1000) {
            problems.add("probe.deliveryTimeout: must be at least 1s");
        }
        if (group != null) {
            problems.addAll(group.problems(partitions));
        }
        if (transactions) {
            problems.addAll(transactionProblems());
        }
        try {
            Marks.parse(mark);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (registry != null) {
            problems.addAll(registry.problems());
        }
        if (pipeline != null) {
            problems.addAll(pipeline.problems());
            if (transactions) {
                problems.add("probe.pipeline: not with transactions (MirrorMaker copies records, not transactions)");
            }
        }
        return problems;
    }

    /** The sequence numbers to mark; check {@link #problems()} first. */
    public Marks marks() {
        return Marks.parse(mark);
    }

    private List<String> transactionProblems() {
        List<String> problems = new ArrayList<>();
        if (!acks.equals("all")) {
            problems.add("probe.acks: transactions (probe.transactions) need acks all, got '" + acks + "'");
        }
        if (!idempotence) {
            problems.add("probe.idempotence: a transactional producer is idempotent; remove idempotence: false");
        }
        if (transactionRecords < 1 || transactionRecords > 10_000) {
            problems.add("probe.transactionRecords: must be between 1 and 10000, got " + transactionRecords);
        }
        if (abortEvery < 0 || abortEvery == 1) {
            problems.add("probe.abortEvery: 0 (abort none) or 2 and more (abort every n-th transaction), got " + abortEvery);
        }
        return problems;
    }
}
