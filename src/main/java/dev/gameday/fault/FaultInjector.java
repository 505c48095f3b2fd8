package dev.gameday.fault;

import dev.gameday.GamedayException;
import dev.gameday.HaltPoints;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.HelperImageMissingException;
import dev.gameday.kafka.HealthGate;
import dev.gameday.lease.LabLease;
import dev.gameday.target.SafetyConfig;
import dev.gameday.target.Target;
import dev.gameday.target.TargetResolver;
import dev.gameday.time.Scheduler;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Injects and reverts faults: the journal is forced to disk before any Docker call, a fault on several
 * containers is all-or-nothing, and no fault is injected unless this service holds the lab's lease.
 * Each fault's state is the {@link FaultBook}'s, whichever path changes it. Every fault ends: the
 * {@link FaultWatchdog} reverts what outlives its deadline and retries failed reverts, and
 * {@link FaultRecovery} reverts at start-up whatever the journal still shows open.
 */
@ApplicationScoped
public class FaultInjector {

    private final ContainerRuntime runtime;
    private final TargetResolver resolver;
    private final NetemSupport netem;
    private final SafetyConfig safety;
    private final FaultJournal journal;
    private final EffectContext context;
    private final Clock clock;
    private final FaultBook book = new FaultBook();
    private final FaultListener listener;
    private final HaltPoints halts;
    private final LabLease lease;
    private final Scheduler scheduler;

    public FaultInjector(ContainerRuntime runtime, TargetResolver resolver, NetemSupport netem, HealthGate health,
                         SafetyConfig safety, Clock clock, Scheduler scheduler, FaultListener listener, HaltPoints halts,
                         LabLease lease) {
        this.runtime = runtime;
        this.resolver = resolver;
        this.netem = netem;
        this.safety = safety;
        this.journal = new FaultJournal(safety.journal());
        this.context = new EffectContext(runtime, health);
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        this.halts = halts;
        this.lease = lease;
    }

    /** What is wrong with a fault before anything is resolved: its fields, its duration, the kernel, the runtime. */
    private List<String> problems(FaultSpec fault, boolean hasTarget, Duration duration) {
        List<String> problems = new ArrayList<>(fault.stepProblems(hasTarget, duration, safety.maxFaultDuration()));
        if (fault.needsNetem()) {
            netem.whyUnavailable().ifPresent(why -> problems.add("fault: " + fault.type() + " needs netem, but " + why));
        }
        fault.unsupportedBy(runtime).ifPresent(problems::add);
        return problems;
    }

    public ActiveFault inject(FaultRequest request) {
        FaultSpec fault = request.fault();
        Duration duration = Objects.requireNonNullElse(request.duration(), Duration.ZERO);
        List<String> problems = problems(fault, request.target() != null, duration);
        if (!problems.isEmpty()) {
            throw new GamedayException(GamedayException.Kind.INVALID,
                    "fault " + fault.type() + ": " + String.join("; ", problems));
        }
        List<Target> targets = fault.needsTarget() ? resolver.resolve(request.target(), request.random()) : List.of();
        List<Effect> effects = fault.plan(targets, new Topology(resolver::clusterNodes, resolver::container));
        Instant now = clock.instant();
        Duration slack = max(safety.revertGrace(), fault.injectionBudget(effects.size()));
        ActiveFault planned = new ActiveFault(UUID.randomUUID().toString(), request.runId(), request.experiment(),
                request.step(), fault.type(), effects, now, now.plus(duration).plus(slack));
        Map<String, String> engines = enginesOf(effects); // a container on no configured engine is refused here
        book.reserve(planned);
        try {
            lease.hold(leaseKey(planned));
            journal.append(JournalEntry.of(planned.id(), planned.runId(), planned.experiment(), planned.step(),
                    planned.fault(), JournalEntry.State.INJECTING, now, planned.deadline(), effects, null,
                    runtime.endpoint(), engines));
        } catch (RuntimeException e) {
            book.injectionUndone(planned.id());
            lease.release(leaseKey(planned));
            throw e;
        }
        halts.reach(HaltPoints.Point.JOURNAL_WRITTEN, planned.fault() + " on " + planned.targets());
        applyAll(planned);
        Optional<String> revertAsked;
        try {
            journal.append(entry(planned, JournalEntry.State.ACTIVE, null));
        } finally { // applied, journalled or not: the watchdog must see it as active to revert it
            revertAsked = book.injected(planned.id());
        }
        listener.injected(planned);
        Log.infof("injected %s on %s (%s), deadline %s", planned.fault(), planned.targets(), planned.label(),
                planned.deadline());
        if (revertAsked.isPresent()) { // an abort, say, while it was injected: it could not revert what was not applied yet
            revert(planned.id(), revertAsked.get());
            return planned;
        }
        halts.reach(HaltPoints.Point.MID_FAULT, planned.fault() + " on " + planned.targets());
        return planned;
    }

    /** Whether the fault is in effect, or may be: injected and not (yet) reverted. */
    public boolean isActive(String faultId) {
        return book.state(faultId) != FaultBook.State.REVERTED;
    }

    /** The engine of each effect's container, for the journal: with several engines, a fault may span them. */
    private Map<String, String> enginesOf(List<Effect> effects) {
        Map<String, String> engines = new TreeMap<>();
        for (Effect effect : effects) {
            engines.computeIfAbsent(effect.containerId(), runtime::engineOf);
        }
        return engines;
    }

    /** Applies every effect in order; if one fails, reverts it and those before it, then throws. */
    private void applyAll(ActiveFault fault) {
        List<Effect> touched = new ArrayList<>();
        for (Effect effect : fault.effects()) {
            touched.add(effect);
            try {
                effect.inject(context);
            } catch (RuntimeException failure) {
                if (failure instanceof HelperImageMissingException) {
                    touched.remove(effect); // its helper never ran: nothing of it was applied, nor could be reverted
                }
                Collections.reverse(touched);
                List<String> revertFailures = revertEach(touched);
                String note = "injecting " + effect.describe() + " failed: " + failure.getMessage()
                        + (revertFailures.isEmpty() ? "; reverted the " + touched.size() + " effect(s) touched"
                        : "; reverting left: " + String.join("; ", revertFailures));
                journal.append(entry(fault, revertFailures.isEmpty() ? JournalEntry.State.FAILED
                        : JournalEntry.State.ACTIVE, note));
                if (revertFailures.isEmpty()) {
                    book.injectionUndone(fault.id());
                    lease.release(leaseKey(fault));
                } else { // it stays active: the watchdog keeps trying to revert it
                    book.injectionLeftBehind(fault.id(), FaultBook.NextTry.first(clock.instant()));
                }
                throw new FaultException("fault " + fault.fault() + " on " + fault.targets() + ": " + note);
            }
        }
    }

    /** Reverts the fault once {@code delay} has passed (the watchdog stays behind it). */
    public void revertAfter(String faultId, Duration delay, String why) {
        scheduler.schedule(delay, () -> {
            try {
                revert(faultId, why);
            } catch (GamedayException e) {
                Log.error(e.getMessage());
            }
        });
    }

    /**
     * Reverts a fault; reverting one that is not active (any more), or that another path is reverting
     * right now, is a no-op. One asked while it is injected is reverted as soon as it is. One that
     * cannot be reverted stays active and is tried again by the watchdog: after 1 s, then twice as long
     * each time up to 30 s, and at once when the Docker engine answers again. Returns whether this call
     * reverted it.
     */
    public boolean revert(String faultId, String why) {
        ActiveFault fault = book.beginRevert(faultId, why).orElse(null);
        if (fault == null) {
            return false;
        }
        List<Effect> effects = new ArrayList<>(fault.effects());
        Collections.reverse(effects);
        int first = Math.min(1, effects.size());
        List<String> failures = new ArrayList<>(revertEach(effects.subList(0, first)));
        halts.reach(HaltPoints.Point.MID_REVERT, fault.fault() + " on " + fault.targets());
        failures.addAll(revertEach(effects.subList(first, effects.size())));
        if (!failures.isEmpty()) {
            FaultBook.NextTry retry = book.revertFailed(faultId, clock.instant());
            boolean engineGone = !engineAnswers();
            throw new RevertFailedException("reverting " + fault.fault() + " on " + fault.targets() + " failed: "
                    + String.join("; ", failures) + (engineGone ? " (the Docker engine at " + runtime.endpoint()
                    + " does not answer: the fault is reverted as soon as it does)"
                    : " (the watchdog tries again at " + retry.at() + ")"), engineGone);
        }
        book.reverted(faultId);
        journal.append(entry(fault, JournalEntry.State.REVERTED, why));
        lease.release(leaseKey(fault));
        listener.reverted(fault);
        Log.infof("reverted %s on %s (%s): %s", fault.fault(), fault.targets(), fault.label(), why);
        return true;
    }

    private boolean engineAnswers() {
        try {
            runtime.ping();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Reverts every active fault of a run, each even if another fails; returns those it reverted. A fault
     * of the run still being injected is reverted by the injecting thread as soon as it is applied, one
     * another path is reverting by that path: neither is among those returned. Throws a {@link RevertFailedException} naming every failure, whose engine is gone if any one's was.
     */
    public List<ActiveFault> revertRun(String runId, String why) {
        List<String> failures = new ArrayList<>();
        boolean engineGone = false;
        List<ActiveFault> reverted = new ArrayList<>();
        for (ActiveFault fault : active()) {
            if (fault.runId().equals(runId)) {
                try {
                    if (revert(fault.id(), why)) {
                        reverted.add(fault);
                    }
                } catch (RevertFailedException e) {
                    failures.add(e.getMessage());
                    engineGone |= e.engineGone();
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new RevertFailedException(String.join("; ", failures), engineGone);
        }
        return reverted;
    }

    /** Every fault in effect or that may be: being injected, active, being reverted, or whose revert failed. */
    public List<ActiveFault> active() {
        return book.faults();
    }

    /** Active faults past their deadline: 0 unless reverting them keeps failing. */
    public long overdue() {
        return book.overdue(clock.instant());
    }

    public FaultJournal journal() {
        return journal;
    }

    /** What effects are applied and reverted with: start-up recovery undoes effects of its own. */
    EffectContext effects() {
        return context;
    }

    /** Start-up recovery: a fault the journal still shows open, now in the book as active, to be reverted. */
    void adopt(ActiveFault fault) {
        book.adopt(fault);
    }

    /** What the watchdog reverts now. */
    List<FaultBook.Due> due(Instant now) {
        return book.due(now);
    }

    /** The engine is back: every failed revert is due now. */
    void retryAllAt(Instant now) {
        book.retryAllAt(now);
    }

    private List<String> revertEach(List<Effect> effects) {
        return Effect.revertEach(effects, context);
    }

    private JournalEntry entry(ActiveFault fault, JournalEntry.State state, String note) {
        return JournalEntry.of(fault.id(), fault.runId(), fault.experiment(), fault.step(), fault.fault(), state,
                clock.instant(), fault.deadline(), null, note, runtime.endpoint(), null);
    }

    /** What holds the lab lease while the fault is applied. */
    private static String leaseKey(ActiveFault fault) {
        return "fault " + fault.id();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
