package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.probe.ProbeSettings;
import dev.gameday.verify.Hypothesis;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One experiment, as written in a YAML file of {@code experiments/}.
 *
 * @param schedule  optional Quartz cron ("0 0 3 * * ?"): the experiment then also runs on its own
 * @param steps     at least one; {@code at} counts from the end of the probe's warm-up
 * @param cooldown  probing goes on this long after the cluster has recovered, before the drain
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(String name, String description, String schedule, ProbeSettings probe, Hypothesis hypothesis,
                         List<Step> steps, AbortConditions abortWhen, Duration cooldown) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Experiment {
        probe = (probe == null ? ProbeSettings.defaults() : probe).ownedBy(name);
        hypothesis = hypothesis == null ? Hypothesis.strict() : hypothesis;
        ProbeSettings own = probe;
        steps = steps == null ? List.of() : steps.stream().map(s -> s.withProbeIds(own)).toList();
        abortWhen = abortWhen == null ? AbortConditions.none() : abortWhen;
        cooldown = cooldown == null ? Duration.ofSeconds(5) : cooldown;
    }

    /** How long the faults take, from the end of the warm-up to the last revert. */
    public Duration faultPhase() {
        return steps.stream().map(Step::end).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The longest the runner waits for recovery after the last fault. */
    public Duration recoveryTimeout() {
        Duration within = hypothesis.recoveryWithin();
        return within == null ? Duration.ofMinutes(2) : within.plusSeconds(30);
    }
}
