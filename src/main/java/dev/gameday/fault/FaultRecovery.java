package dev.gameday.fault;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.HelperImageMissingException;
import dev.gameday.docker.HelperResult;
import dev.gameday.target.SafetyConfig;
import dev.gameday.target.TargetResolver;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up recovery, crash-safe rollback: whatever the journal still shows open when the service
 * starts (it was killed with a fault applied, say) is reverted before anything else runs, leftover
 * helper containers are removed and, unless told not to, every iptables rule the service owns is swept.
 */
@ApplicationScoped
public class FaultRecovery {

    private static final long JOURNAL_MAX_BYTES = 4L << 20;

    private final FaultInjector injector;
    private final ContainerRuntime runtime;
    private final TargetResolver resolver;
    private final SafetyConfig safety;
    private final Clock clock;

    public FaultRecovery(FaultInjector injector, ContainerRuntime runtime, TargetResolver resolver, SafetyConfig safety,
                         Clock clock) {
        this.injector = injector;
        this.runtime = runtime;
        this.resolver = resolver;
        this.safety = safety;
        this.clock = clock;
    }

    private FaultJournal journal() {
        return injector.journal();
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            recover();
        } catch (GamedayException e) {
            Log.errorf("start-up recovery incomplete, the watchdog keeps trying: %s", e.getMessage());
        }
    }

    /**
     * Crash-safe rollback: reverts every fault the journal still shows open (each even if another
     * fails), removes leftover helper containers and, unless told not to, every iptables rule the
     * service owns. A fault journalled on another Docker engine is left open for a service that
     * reaches it; one whose effects its journal no longer shows is looked for on every allow-listed
     * container.
     */
    public void recover() {
        journal().repair();
        List<String> failures = new ArrayList<>();
        for (JournalEntry open : journal().open()) {
            List<String> unreached = unreachedEngines(open, runtime);
            if (!unreached.isEmpty()) {
                Log.errorf("the journal shows %s (fault %s, %s step %d) still %s on the Docker engine at %s, which this "
                        + "service does not reach (it talks to %s): left open for a service that does", open.fault(),
                        open.faultId(), open.experiment(), open.step(), open.state(), String.join(" and ", unreached),
                        runtime.endpoint());
                continue;
            }
            try {
                if (open.effectsKnown()) {
                    recoverKnown(open);
                } else {
                    recoverUnknown(open);
                }
            } catch (GamedayException e) {
                failures.add(e.getMessage());
            }
        }
        journal().compactIfLargerThan(JOURNAL_MAX_BYTES);
        removeLeftoverHelpers();
        if (safety.sweepOnStart()) {
            sweepFirewallRules();
        }
        if (!failures.isEmpty()) {
            throw new FaultException(String.join("; ", failures));
        }
    }

    /**
     * The engines of an open fault's effects that {@code runtime} does not reach; those it reaches are
     * told which container each holds. Empty: the fault can be reverted here.
     */
    static List<String> unreachedEngines(JournalEntry open, ContainerRuntime runtime) {
        List<String> unreached = new ArrayList<>();
        List<Effect> effects = open.effectsKnown() ? open.effects() : List.of();
        String whole = open.engineOr(runtime.endpoint());
        if (effects.isEmpty() && !runtime.reaches(whole)) {
            unreached.add(whole);
        }
        for (Effect effect : effects) {
            String engine = open.engineOf(effect.containerId(), runtime.endpoint());
            if (!runtime.reaches(engine)) {
                if (!unreached.contains(engine)) {
                    unreached.add(engine);
                }
            } else {
                runtime.locate(effect.containerId(), engine);
            }
        }
        return unreached;
    }

    private void recoverKnown(JournalEntry open) {
        ActiveFault fault = new ActiveFault(open.faultId(), open.runId(), open.experiment(), open.step(),
                open.fault(), open.effects(), open.at(), clock.instant());
        injector.adopt(fault);
        Log.warnf("the journal shows %s on %s (%s) still %s: reverting it", fault.fault(), fault.targets(),
                fault.label(), open.state());
        injector.revert(fault.id(), StartupRollback.note(open));
    }

    /** A fault whose effects are unknown: what its kind leaves is undone on every allow-listed container. */
    private void recoverUnknown(JournalEntry open) {
        String kind = open.fault() == null ? "fault of unknown kind" : open.fault();
        List<ContainerInfo> nodes = List.copyOf(resolver.clusterNodes().values());
        List<String> failures = Effect.revertEach(UnknownEffects.of(open.fault(), nodes), injector.effects());
        if (UnknownEffects.touchesFirewall(open.fault())) {
            sweepFirewallRules();
        }
        if (!failures.isEmpty()) {
            throw new FaultException("fault " + open.faultId() + " (" + kind + "), open with its effects unknown, "
                    + "could not be undone everywhere: " + String.join("; ", failures));
        }
        String why = "reverted at start-up with its effects unknown (its journal line was damaged): undid what a "
                + kind + " leaves on every allow-listed container " + nodes.stream().map(ContainerInfo::name).toList();
        journal().append(open.next(JournalEntry.State.REVERTED, clock.instant(), why));
        Log.warnf("fault %s: %s", open.faultId(), why);
    }

    /**
     * Only a helper that has ended is a leftover: a created or running one belongs to a live service
     * (another one starting beside this, say) and ends within seconds. One that ended may still be
     * removed by its own service meanwhile, which remove() takes as done.
     */
    void removeLeftoverHelpers() {
        for (ContainerInfo helper : runtime.list(Map.of(ContainerRuntime.HELPER_LABEL, "true"))) {
            if (helper.state() == ContainerState.EXITED || helper.state() == ContainerState.DEAD) {
                Log.warnf("removing helper container %s left by an earlier run", helper.describe());
                runtime.remove(helper.id());
            }
        }
    }

    private void sweepFirewallRules() {
        for (ContainerInfo node : resolver.clusterNodes().values()) {
            if (node.state() == ContainerState.RUNNING) {
                HelperResult result;
                try {
                    result = runtime.runInNetworkOf(node.id(), List.of("bash", "-c", Firewall.sweepScript()));
                } catch (HelperImageMissingException e) {
                    Log.errorf("%s; the sweep of iptables rules was skipped", e.getMessage());
                    return;
                }
                if (!result.succeeded()) {
                    Log.warnf("could not sweep iptables rules in %s: %s", node.describe(), result.output());
                }
            }
        }
    }
}
