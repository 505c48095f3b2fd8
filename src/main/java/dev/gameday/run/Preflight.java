package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerNotFoundException;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.UnplacedContainerException;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.DefinitionError;
import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Step;
import dev.gameday.fault.NetemSupport;
import dev.gameday.target.KafkaRoles;
import dev.gameday.target.Target;
import dev.gameday.target.TargetRefusedException;
import dev.gameday.target.TargetResolver;
import dev.gameday.target.TargetSelector;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a definition needs of the environment, checked apart from the definition itself: faults
 * the container runtime can inject and this kernel can run (netem), named containers that exist
 * inside the allow-list, broker ids the cluster has, a Connect worker or registry node where a step
 * targets one. It runs when a definition is validated or dry-run, and before every run; when the
 * catalog loads it only warns, so that loading never depends on Docker or Kafka being up.
 */
@ApplicationScoped
public class Preflight {

    private final ContainerRuntime runtime;
    private final NetemSupport netem;
    private final TargetResolver resolver;
    private final KafkaRoles roles;

    public Preflight(ContainerRuntime runtime, NetemSupport netem, TargetResolver resolver, KafkaRoles roles) {
        this.runtime = runtime;
        this.netem = netem;
        this.resolver = resolver;
        this.roles = roles;
    }

    /**
     * Each problem names its step and field ("steps[0].target.name: ..."); empty when there is none.
     * Docker or Kafka not answering is no problem of the definition: an UNAVAILABLE exception.
     */
    public List<String> problems(Experiment experiment) {
        List<String> problems = new ArrayList<>();
        List<Integer> brokers = null; // asked of the cluster only if a step names a broker
        for (int i = 0; i < experiment.steps().size(); i++) {
            Step step = experiment.steps().get(i);
            String at = "steps[" + i + "].";
            if (!step.clientSide() && step.fault().needsNetem()) {
                netem.whyUnavailable().ifPresent(why -> problems.add(at + "fault: " + step.fault().type()
                        + " needs netem, but " + why));
            }
            if (!step.clientSide()) {
                step.fault().unsupportedBy(runtime).ifPresent(problem -> problems.add(at + problem));
            }
            TargetSelector target = step.target();
            if (target == null || !target.problems().isEmpty()) {
                continue;
            }
            if (target.name() != null || target.label() != null) {
                resolves(problems, at + "target." + (target.name() != null ? "name" : "label"), target);
            } else if (target.role().labelled()) {
                resolves(problems, at + "target.role", target);
            } else if (target.role() == TargetSelector.Role.BROKER) {
                brokers = brokers != null ? brokers : roles.registeredBrokerIds();
                if (brokers.contains(target.id())) {
                    resolves(problems, at + "target.id", target);
                } else {
                    problems.add(at + "target.id: the cluster has no broker " + target.id() + " (its brokers: "
                            + brokers + ")");
                }
            }
        }
        return problems;
    }

    /** The problems of a definition given to the validate endpoint, at their lines. */
    public List<DefinitionError> check(DefinitionParser.Parsed<Experiment> parsed) {
        return problems(parsed.value()).stream().map(parsed::locate).toList();
    }

    /** A selector that names containers must find them, inside the allow-list, each on a configured engine. */
    private void resolves(List<String> problems, String field, TargetSelector target) {
        try {
            for (Target resolved : resolver.resolve(target, new Random(0))) {
                runtime.engineOf(resolved.containerId());
            }
        } catch (TargetRefusedException | ContainerNotFoundException | UnplacedContainerException refused) {
            problems.add(field + ": " + refused.getMessage());
        }
    }

    /** At load, a definition the environment would refuse still loads: the log says what a run of it would meet. */
    void warnOnLoad(@ObservesAsync Catalog.Loaded loaded) {
        for (Experiment experiment : loaded.experiments().values()) {
            try {
                problems(experiment).forEach(problem -> Log.warnf("experiment %s: %s (it is loaded; a run of it "
                        + "would end ABORTED before any fault)", experiment.name(), problem));
            } catch (GamedayException unavailable) {
                Log.warnf("experiment %s: not checked against Docker and the cluster now: %s", experiment.name(),
                        unavailable.getMessage());
            }
        }
    }
}
