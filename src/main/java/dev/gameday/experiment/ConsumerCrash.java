package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Crashes one member of the run's group probe, as a killed process would (no commit, no leave: the
 * group coordinator finds out when its session times out), and starts a new member in its place at
 * the end of the step's duration (at once with none).
 *
 * @param member the slot of the member, from 0; drawn with the run's seed when not given
 */
@JsonTypeName("consumer-crash")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsumerCrash(Integer member) implements ClientFault {

    @Override
    public String describe() {
        return member == null ? "a member of the group probe (drawn with the seed)"
                : "the group probe's member in slot " + member;
    }

    @Override
    public List<String> problems(Experiment experiment) {
        if (experiment.probe().group() == null) {
            return List.of("fault: consumer-crash crashes a member of the group probe; add probe.group");
        }
        int consumers = experiment.probe().group().consumers();
        if (member != null && (member < 0 || member >= consumers)) {
            return List.of("member: the group probe has " + consumers + " members (slots 0 to " + (consumers - 1)
                    + "), not " + member);
        }
        return List.of();
    }
}
