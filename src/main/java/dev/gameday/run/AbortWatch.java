package dev.gameday.run;

import dev.gameday.experiment.AbortConditions;
import dev.gameday.json.Durations;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's abort conditions ({@code abortWhen}) over the cluster readings taken while its probes
 * run. Offline partitions count only in the probe topic and in Kafka's internal topics: a game day
 * ends early for what it probes, never for some other topic that was offline already; and only
 * readings taken while every broker was caught up on the cluster metadata count, since a broker
 * that lags (thawed, cut off from the controllers) answers from an old view. An unhealthy cluster
 * counts as a whole. Readings come from the cluster probe's thread and the run's own.
 */
final class AbortWatch {

    static final int NAMED = ClusterSnapshot.OfflinePartitions.NAMED;

    private final AbortConditions conditions;
    private final String probeTopic;
    private final Stretch offline = new Stretch();
    private final Stretch unhealthy = new Stretch();
    private Instant latest;
    private List<String> offlineNamed = List.of();
    private int offlineCount;

    AbortWatch(AbortConditions conditions, String probeTopic) {
        this.conditions = conditions;
        this.probeTopic = probeTopic;
    }

    /** How long a condition has held without a break, from the readings' own times. */
    private static final class Stretch {
        Instant since;
        Instant last;

        void note(Instant at, boolean holds) {
            since = holds ? (since == null ? at : since) : null;
            last = at;
        }

        boolean holding() {
            return since != null;
        }

        Duration length() {
            return since == null ? Duration.ZERO : Duration.between(since, last);
        }
    }

    synchronized void observe(ClusterSnapshot reading) {
        if (latest != null && reading.at().isBefore(latest)) {
            return; // taken before one already seen, by the other thread: it changes nothing now
        }
        latest = reading.at();
        unhealthy.note(reading.at(), !reading.healthy());
        if (!reading.current()) {
            return; // a broker behind on metadata may have answered from an old view: no evidence either way
        }
        countOffline(reading.offlineByTopic());
        offline.note(reading.at(), offlineCount > 0);
    }

    /** Why the run must end now, if a condition has held long enough. */
    synchronized Optional<String> reason() {
        Duration offlineFor = conditions.offlinePartitionsFor();
        if (offlineFor != null && offline.holding() && offline.length().compareTo(offlineFor) >= 0) {
            return Optional.of("abort condition: offline partitions for " + Durations.format(offline.length())
                    + " (abortWhen.offlinePartitionsFor " + Durations.format(offlineFor) + "): " + offlineNames());
        }
        Duration unhealthyFor = conditions.unhealthyFor();
        if (unhealthyFor != null && unhealthy.holding() && unhealthy.length().compareTo(unhealthyFor) >= 0) {
            return Optional.of("abort condition: cluster unhealthy for " + Durations.format(unhealthy.length())
                    + " (abortWhen.unhealthyFor " + Durations.format(unhealthyFor) + ")");
        }
        return Optional.empty();
    }

    /** The offline partitions that count, the probe topic's first: how many, and the first few by name. */
    private void countOffline(Map<String, ClusterSnapshot.OfflinePartitions> byTopic) {
        List<String> counted = new ArrayList<>();
        if (byTopic.containsKey(probeTopic)) {
            counted.add(probeTopic);
        }
        byTopic.keySet().stream().filter(TopicNames::internal).forEach(counted::add);
        List<String> named = new ArrayList<>();
        int count = 0;
        for (String topic : counted) {
            ClusterSnapshot.OfflinePartitions offline = byTopic.get(topic);
            count += offline.count();
            offline.first().forEach(p -> named.add(topic + "-" + p));
        }
        offlineCount = count;
        offlineNamed = named.subList(0, Math.min(NAMED, named.size()));
    }

    private String offlineNames() {
        int more = offlineCount - offlineNamed.size();
        return String.join(", ", offlineNamed) + (more > 0 ? " and " + more + " more" : "");
    }
}
