package dev.gameday.metrics;

import dev.gameday.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * gameday_consumer_group_lag{group,topic}: for each configured group, the sum over its partitions
 * of (log end offset - committed offset). A group that has disappeared is skipped, said so in the
 * log, and its series removed rather than left at its last value.
 */
@ApplicationScoped
public class ConsumerLagMetrics {

    private final KafkaClients clients;
    private final LagConfig config;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final Set<String> missing = ConcurrentHashMap.newKeySet();

    public ConsumerLagMetrics(KafkaClients clients, LagConfig config, MeterRegistry registry) {
        this.clients = clients;
        this.config = config;
        this.registry = registry;
    }

    @Scheduled(every = "${gameday.lag.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        for (String group : config.groups()) {
            try {
                Map<String, Long> byTopic = lagOf(group);
                if (byTopic.isEmpty()) {
                    forget(group, "has no committed offsets (it disappeared, or never committed)");
                } else {
                    missing.remove(group);
                    byTopic.forEach((topic, value) -> set(group, topic, value));
                }
            } catch (RuntimeException e) {
                Log.debugf("consumer lag of %s not read this time: %s", group, e.getMessage());
            }
        }
    }

    private Map<String, Long> lagOf(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = clients.await("list the offsets of group " + group,
                clients.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = clients.await(
                "read the end offsets of the partitions of group " + group, clients.admin().listOffsets(latest).all());
        Map<String, Long> byTopic = new HashMap<>();
        committed.forEach((tp, offset) -> byTopic.merge(tp.topic(),
                Math.max(0, ends.get(tp).offset() - offset.offset()), Long::sum));
        return byTopic;
    }

    private void set(String group, String topic, long value) {
        String key = group + "\u0000" + topic;
        lag.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong();
            gauges.put(k, Gauge.builder("gameday.consumer.group.lag", holder, AtomicLong::get)
                    .tags("group", group, "topic", topic)
                    .description("records not yet consumed by the group, summed over the topic's partitions")
                    .register(registry));
            return holder;
        }).set(value);
    }

    private void forget(String group, String why) {
        if (missing.add(group)) {
            Log.warnf("consumer group %s %s: skipping it", group, why);
        }
        gauges.keySet().removeIf(key -> {
            if (key.startsWith(group + "\u0000")) {
                registry.remove(gauges.get(key));
                lag.remove(key);
                return true;
            }
            return false;
        });
    }
}
