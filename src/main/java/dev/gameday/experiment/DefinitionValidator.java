package dev.gameday.experiment;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.gameday.fault.Hold;
import dev.gameday.json.Durations;
import dev.gameday.target.SafetyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the parser cannot see, from the definition alone: names, probe settings Kafka would accept,
 * steps that make sense, crons that parse, steps that would fight over one container. What needs
 * Docker or the cluster (the allow-list, netem, containers and brokers that exist) is checked apart,
 * by the run's preflight, so that loading never depends on either being up.
 */
@ApplicationScoped
public class DefinitionValidator {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final SafetyConfig safety;

    public DefinitionValidator(SafetyConfig safety) {
        this.safety = safety;
    }

    public List<DefinitionError> validate(String file, Experiment experiment, YamlLocator locator) {
        Problems problems = new Problems(file, locator);
        if (experiment.name() == null || !Experiment.NAME.matcher(experiment.name()).matches()) {
            problems.add(List.of(), "name: give the experiment a name of lower-case letters, digits and '-', "
                    + "e.g. leader-kill (got " + (experiment.name() == null ? "none" : "'" + experiment.name() + "'") + ")");
        }
        cron(problems, experiment.schedule());
        experiment.probe().problems().forEach(p -> problems.add(List.of(), p));
        hypothesis(problems, experiment);
        if (experiment.steps().isEmpty()) {
            problems.add(List.of(), "steps: an experiment needs at least one step");
        }
        for (int i = 0; i < experiment.steps().size(); i++) {
            step(problems, List.of("steps", i), experiment, experiment.steps().get(i));
        }
        overlaps(problems, experiment.steps());
        return problems.errors;
    }

    public List<DefinitionError> validate(String file, Suite suite, YamlLocator locator, Set<String> experiments) {
        Problems problems = new Problems(file, locator);
        if (suite.name() == null || !Experiment.NAME.matcher(suite.name()).matches()) {
            problems.add(List.of(), "name: give the suite a name of lower-case letters, digits and '-'");
        }
        cron(problems, suite.schedule());
        if (suite.experiments().isEmpty()) {
            problems.add(List.of(), "experiments: a suite needs at least one experiment");
        }
        for (int i = 0; i < suite.experiments().size(); i++) {
            String name = suite.experiments().get(i);
            if (!experiments.contains(name)) {
                problems.add(List.of(), "experiments[" + i + "]: unknown experiment '" + name
                        + "' (known: " + String.join(", ", experiments.stream().sorted().toList()) + ")");
            }
        }
        return problems.errors;
    }

    private static void cron(Problems problems, String schedule) {
        if (schedule == null) {
            return;
        }
        try {
            CRON.parse(schedule).validate();
        } catch (IllegalArgumentException e) {
            problems.add(List.of(), "schedule: '" + schedule + "' is not a Quartz cron expression "
                    + "(seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 3 * * ?\"): " + e.getMessage());
        }
    }

    private static void hypothesis(Problems problems, Experiment experiment) {
        experiment.hypothesis().allowances().forEach((kind, count) -> {
            if (count < 0) {
                problems.add(List.of(), "hypothesis." + kind.key() + ": must be 0 or more, got " + count);
            }
        });
        if (experiment.probe().group() == null) {
            if (experiment.hypothesis().maxRebalance() != null) {
                problems.add(List.of(), "hypothesis.maxRebalance: only the group probe measures rebalances; add probe.group");
            }
            if (experiment.hypothesis().maxResume() != null) {
                problems.add(List.of(), "hypothesis.maxResume: only the group probe measures resume times; add probe.group");
            }
        }
    }

    private void step(Problems problems, List<Object> at, Experiment experiment, Step step) {
        if (step.at().isNegative()) {
            problems.add(at, "at: must not be negative");
        }
        if (step.clientSide()) {
            step.client().problems(experiment).forEach(p -> problems.add(at, p));
            if (step.duration().isNegative() || step.duration().compareTo(safety.maxFaultDuration()) > 0) {
                problems.add(at, "duration: between 0s (a new member at once) and gameday.safety.max-fault-duration ("
                        + Durations.format(safety.maxFaultDuration()) + ")");
            }
            return;
        }
        step.fault().stepProblems(step.target() != null, step.duration(), safety.maxFaultDuration())
                .forEach(p -> problems.add(at, p));
        if (step.target() != null) {
            step.target().problems().forEach(p -> problems.add(at, p.matches("^\\w+: .*") ? "target." + p : "target: " + p));
        }
    }

    /** Two steps on the same target, overlapping in time, holding the same thing of it. */
    private static void overlaps(Problems problems, List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            for (int j = i + 1; j < steps.size(); j++) {
                Step a = steps.get(i);
                Step b = steps.get(j);
                boolean overlap = a.at().compareTo(b.end()) < 0 && b.at().compareTo(a.end()) < 0;
                if (overlap && a.target() != null && b.target() != null && new Hold.Claim(a.target(), a.fault().hold())
                        .conflictsWith(new Hold.Claim(b.target(), b.fault().hold()))) {
                    problems.add(List.of(), "steps[" + j + "]: " + b.fault().type() + " on "
                            + b.target().describe() + " overlaps " + a.fault().type() + " of steps[" + i
                            + "] on the same target; both hold its " + a.fault().hold().label());
                }
            }
        }
    }

    /** Collects problems, each located by the field path it starts with. */
    private static final class Problems {
        final String file;
        final YamlLocator locator;
        final List<DefinitionError> errors = new ArrayList<>();

        Problems(String file, YamlLocator locator) {
            this.file = file;
            this.locator = locator;
        }

        void add(List<Object> prefix, String problem) {
            List<Object> path = DefinitionParser.locate(prefix, problem);
            String where = DefinitionParser.render(prefix);
            errors.add(new DefinitionError(file, locator.line(path), (where.isEmpty() ? "" : where + ".") + problem));
        }
    }
}
