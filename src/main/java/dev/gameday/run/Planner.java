package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Step;
import dev.gameday.fault.Effect;
import dev.gameday.fault.Topology;
import dev.gameday.json.Durations;
import dev.gameday.target.Target;
import dev.gameday.target.TargetNotYetKnownException;
import dev.gameday.target.TargetResolver;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What an experiment's steps would do now, resolved against Docker and the cluster with no change
 * made to anything: the answer of a dry run, and a run's last check before its first fault.
 */
final class Planner {

    private final TargetResolver resolver;

    Planner(TargetResolver resolver) {
        this.resolver = resolver;
    }

    /** Every step; one that cannot be resolved now (its topic does not exist yet) says why instead. */
    Plan plan(Experiment experiment, long seed) {
        Random random = new Random(seed);
        List<Plan.PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < experiment.steps().size(); i++) {
            try {
                steps.add(plan(experiment, i, random));
            } catch (GamedayException unresolved) {
                Step step = experiment.steps().get(i);
                steps.add(new Plan.PlannedStep(i + 1, step.at(), step.duration(), step.type(),
                        describe(step), List.of(), List.of("not resolvable now: " + unresolved.getMessage())));
            }
        }
        return new Plan(experiment.name(), seed, experiment.probe().warmup(), steps);
    }

    /**
     * Resolves every step, refusing (an {@link Aborted}) at the first that cannot be, naming it. One
     * whose target the run's probes have yet to create (the coordinator of their group) is resolved
     * when it starts.
     */
    void resolveAll(Experiment experiment, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < experiment.steps().size(); i++) {
            try {
                plan(experiment, i, random);
            } catch (TargetNotYetKnownException later) {
                Log.infof("step %d of %s is resolved when it starts: %s", i + 1, experiment.name(), later.getMessage());
            } catch (GamedayException refused) {
                throw new Aborted("step " + (i + 1) + " (" + describe(experiment.steps().get(i))
                        + ") cannot be resolved now: " + refused.getMessage());
            }
        }
    }

    private Plan.PlannedStep plan(Experiment experiment, int index, Random random) {
        Step step = experiment.steps().get(index);
        if (step.clientSide()) {
            return new Plan.PlannedStep(index + 1, step.at(), step.duration(), step.type(), describe(step), List.of(),
                    List.of(step.type() + " of " + step.client().describe() + " in the run's probes; a new member after "
                            + Durations.format(step.duration())));
        }
        List<Target> targets = step.target() == null ? List.of() : resolver.resolve(step.target(), random);
        List<Effect> effects = step.fault().plan(targets, new Topology(resolver::clusterNodes, resolver::container));
        return new Plan.PlannedStep(index + 1, step.at(), step.duration(), step.fault().type(), describe(step),
                effects.stream().map(Effect::containerName).distinct().toList(),
                effects.stream().map(Effect::describe).toList());
    }

    /** The step's target in words: "broker 2", "its own groups" for a partition by groups, or what a client-side step acts on. */
    static String describe(Step step) {
        if (step.clientSide()) {
            return step.client().describe();
        }
        return step.target() == null ? "its own groups" : step.target().describe();
    }
}
