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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeSettings(String topic, Integer partitions, Integer ratePerSecond, Integer recordBytes, String acks,
                            Boolean idempotence, Duration warmup, Duration deliveryTimeout, Duration drainTimeout,
                            Duration stallThreshold) {

    public ProbeSettings {
        topic = topic == null ? "gameday-probe" : topic;
        partitions = partitions == null ? 6 : partitions;
        ratePerSecond = ratePerSecond == null ? 500 : ratePerSecond;
        recordBytes = recordBytes == null ? 100 : recordBytes;
        acks = acks == null ? "all" : acks;
        idempotence = idempotence == null ? Boolean.valueOf(acks.equals("all")) : idempotence;
        warmup = warmup == null ? Duration.ofSeconds(10) : warmup;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(30) : deliveryTimeout;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(60) : drainTimeout;
        stallThreshold = stallThreshold == null ? Duration.ofSeconds(5) : stallThreshold;
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public ProbeSettings withTopic(String name) {
        return new ProbeSettings(name, partitions, ratePerSecond, recordBytes, acks, idempotence, warmup, deliveryTimeout,
                drainTimeout, stallThreshold);
    }

    public ProbeSettings withRate(int perSecond) {
        return new ProbeSettings(topic, partitions, perSecond, recordBytes, acks, idempotence, warmup, deliveryTimeout,
                drainTimeout, stallThreshold);
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
        if (idempotence && !acks.equals("all")) {
            problems.add("probe.idempotence: the idempotent producer needs acks all");
        }
        if (deliveryTimeout.toMillis() < 1000) {
            problems.add("probe.deliveryTimeout: must be at least 1s");
        }
        return problems;
    }
}
