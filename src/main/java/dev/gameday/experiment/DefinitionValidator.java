package dev.gameday.experiment;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.gameday.GamedayException;
import dev.gameday.docker.DockerUnavailableException;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.Hold;
import dev.gameday.target.TargetResolver;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the parser cannot see: names, steps that make sense, crons that parse, faults this kernel
 * can run, targets inside the allow-list, steps that would fight over one container.
 */
@ApplicationScoped
public class DefinitionValidator {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final FaultInjector injector;
    private final TargetResolver resolver;

    public DefinitionValidator(FaultInjector injector, TargetResolver resolver) {
        this.injector = injector;
        this.resolver = resolver;
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
            step(problems, List.of("steps", i), experiment.steps().get(i));
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
        var h = experiment.hypothesis();
        long[] counts = {h.lostWrites(), h.duplicates(), h.reorders(), h.inconsistentOffsets(), h.abortedReads(),
                h.unexpected()};
        for (long count : counts) {
            if (count < 0) {
                problems.add(List.of(), "hypothesis: counts of anomalies cannot be negative");
                return;
            }
        }
    }

    private void step(Problems problems, List<Object> at, Step step) {
        if (step.at().isNegative()) {
            problems.add(at, "at: must not be negative");
        }
        List<String> faultProblems;
        try {
            faultProblems = injector.problems(step.fault(), step.target() != null, step.duration());
        } catch (DockerUnavailableException e) {
            faultProblems = step.fault().needsNetem()
                    ? List.of("fault: cannot tell whether the kernel has netem: " + e.getMessage()) : List.of();
        }
        faultProblems.forEach(p -> problems.add(at, p));
        if (step.target() == null) {
            return;
        }
        step.target().problems().forEach(p -> problems.add(at, p.matches("^\\w+: .*") ? "target." + p : "target: " + p));
        if (step.target().name() != null) {
            allowListed(problems, at, step.target().name());
        }
    }

    /** A named container outside the allow-list is refused now; one that does not exist yet is not. */
    private void allowListed(Problems problems, List<Object> at, String name) {
        try {
            resolver.resolve(dev.gameday.target.TargetSelector.byName(name), new java.util.Random());
        } catch (dev.gameday.target.TargetRefusedException e) {
            problems.add(at, "target.name: " + e.getMessage());
        } catch (GamedayException e) {
            Log.debugf("cannot check container %s now: %s", name, e.getMessage());
        }
    }

    /** Two steps on the same target, overlapping in time, holding the same thing of it. */
    private static void overlaps(Problems problems, List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            for (int j = i + 1; j < steps.size(); j++) {
                Step a = steps.get(i);
                Step b = steps.get(j);
                Hold hold = a.fault().hold();
                boolean sameTarget = a.target() != null && a.target().equals(b.target());
                boolean overlap = a.at().compareTo(b.end()) < 0 && b.at().compareTo(a.end()) < 0;
                if (sameTarget && overlap && hold.exclusive() && hold == b.fault().hold()) {
                    problems.add(List.of(), "steps[" + j + "]: " + b.fault().type() + " on "
                            + b.target().describe() + " overlaps " + a.fault().type() + " of steps[" + i
                            + "] on the same target; both hold its " + hold.name().toLowerCase().replace('_', ' '));
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
