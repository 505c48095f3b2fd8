package dev.gameday.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The group probe (the {@code probe.group:} block): consumers in one consumer group that subscribe
 * to the probe topic, as applications consume, and commit what they processed.
 *
 * @param id             the group; the experiment's own ("gameday-" and its name) when not given
 * @param consumers      how many members (3); the topic needs at least as many partitions
 * @param protocol       {@code classic} (the cooperative-sticky assignor) or {@code consumer} (KIP-848)
 * @param commit         {@code after-processing} (at least once), or {@code before-processing}: a member
 *                       commits what a poll returned before it processes it, as auto-commit can (at most
 *                       once), so that a crash skips records
 * @param commitInterval at most one commit per member this often (0: after every poll); every member
 *                       also commits when it gives partitions up in a rebalance
 * @param sessionTimeout the classic protocol's session.timeout.ms (Kafka's default when not given); the
 *                       consumer protocol takes it from the broker (group.consumer.session.timeout.ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupSettings(String id, Integer consumers, String protocol, String commit, Duration commitInterval,
                            Duration sessionTimeout) {

    public static final String CLASSIC = "classic";
    public static final String CONSUMER = "consumer";
    public static final String AFTER_PROCESSING = "after-processing";
    public static final String BEFORE_PROCESSING = "before-processing";

    public GroupSettings {
        consumers = consumers == null ? 3 : consumers;
        protocol = protocol == null ? CLASSIC : protocol;
        commit = commit == null ? AFTER_PROCESSING : commit;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
    }

    public GroupSettings withId(String group) {
        return new GroupSettings(group, consumers, protocol, commit, commitInterval, sessionTimeout);
    }

    public boolean commitsBeforeProcessing() {
        return commit.equals(BEFORE_PROCESSING);
    }

    /** What is wrong, each naming its field under {@code probe.group}; empty when usable. */
    List<String> problems(int partitions) {
        List<String> problems = new ArrayList<>();
        if (consumers < 1) {
            problems.add("probe.group.consumers: must be 1 or more, got " + consumers);
        } else if (consumers > partitions) {
            problems.add("probe.group.consumers: " + consumers + " consumers for " + partitions + " partitions "
                    + "(probe.partitions): a consumer would have nothing to consume; use at most " + partitions
                    + " consumers or more partitions");
        }
        if (!Set.of(CLASSIC, CONSUMER).contains(protocol)) {
            problems.add("probe.group.protocol: must be classic or consumer, got '" + protocol + "'");
        }
        if (!Set.of(AFTER_PROCESSING, BEFORE_PROCESSING).contains(commit)) {
            problems.add("probe.group.commit: must be after-processing or before-processing, got '" + commit + "'");
        }
        if (commitInterval.isNegative()) {
            problems.add("probe.group.commitInterval: must not be negative");
        }
        if (sessionTimeout != null && protocol.equals(CONSUMER)) {
            problems.add("probe.group.sessionTimeout: the consumer protocol takes the session timeout from the broker "
                    + "(group.consumer.session.timeout.ms), not from the client; remove it");
        }
        return problems;
    }
}
