package dev.gameday.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline probe (the {@code probe.pipeline:} block): MirrorMaker 2's source connector, run by the
 * lab's Kafka Connect cluster, copies the probe topic to {@code gameday-mirror.<topic>} for the length
 * of the run, and the service reads the copy and checks it record by record against what was
 * acknowledged: loss is the failure, duplicates are counted apart (Connect promises at least once).
 *
 * @param tasks        the connector's tasks.max (2: one per worker of the lab)
 * @param drainTimeout after producing stops, how long the copy may take to catch up before what is
 *                     missing downstream counts as lost there
 * @param connector    more connector settings, over the probe's own: a transform that breaks the
 *                     pipeline on purpose (Kafka's Filter with a HasHeaderKey predicate on the header of
 *                     {@code probe.mark}), a consumer or producer override. The settings that make it
 *                     the probe's copy cannot be changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineSettings(Integer tasks, Duration drainTimeout, Map<String, String> connector) {

    /** What the pipeline probe sets itself: a definition may not change them. */
    static final Set<String> OWN = Set.of("connector.class", "topics", "topics.exclude", "source.cluster.alias",
            "target.cluster.alias", "replication.policy.class", "replication.policy.separator", "name");

    public PipelineSettings {
        tasks = tasks == null ? 2 : tasks;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(60) : drainTimeout;
        connector = connector == null ? Map.of() : Map.copyOf(connector);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (tasks < 1 || tasks > 100) {
            problems.add("probe.pipeline.tasks: must be between 1 and 100, got " + tasks);
        }
        if (drainTimeout.toMillis() < 1000) {
            problems.add("probe.pipeline.drainTimeout: must be at least 1s");
        }
        connector.keySet().stream().filter(key -> OWN.contains(key) || key.startsWith("source.cluster.")
                        || key.startsWith("target.cluster.")).sorted()
                .forEach(key -> problems.add("probe.pipeline.connector." + key + ": set by the pipeline probe itself "
                        + "(it copies the probe topic within the cluster under test)"));
        return problems;
    }
}
