package dev.gameday.fault;

import dev.gameday.GamedayException;
import dev.gameday.HaltPoints;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.kafka.HealthGate;
import dev.gameday.target.SafetyConfig;
import dev.gameday.target.Target;
import dev.gameday.target.TargetResolver;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Injects and reverts faults, and makes sure every fault ends: the journal is forced to disk before
 * any Docker call, a watchdog reverts faults past their deadline, and at start-up whatever the
 * journal still shows open is reverted. A fault on several containers is all-or-nothing.
 */
@ApplicationScoped
public class FaultInjector {

    private static final long JOURNAL_MAX_BYTES = 4L << 20;

    private final ContainerRuntime runtime;
    private final TargetResolver resolver;
    private final NetemSupport netem;
    private final SafetyConfig safety;
    private final FaultJournal journal;
    private final EffectContext context;
    private final Clock clock;
    private final Map<String, ActiveFault> active = new ConcurrentHashMap<>();
    private final FaultListener listener;
    private final HaltPoints halts;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fault-timer");
        thread.setDaemon(true);
        return thread;
    });

    public FaultInjector(ContainerRuntime runtime, TargetResolver resolver, NetemSupport netem, HealthGate health,
                         SafetyConfig safety, Clock clock, FaultListener listener, HaltPoints halts) {
        this.runtime = runtime;
        this.resolver = resolver;
        this.netem = netem;
        this.safety = safety;
        this.journal = new FaultJournal(safety.journal());
        this.context = new EffectContext(runtime, health);
        this.clock = clock;
        this.listener = listener;
        this.halts = halts;
    }

    /** What is wrong with a fault before anything is resolved: its fields, its duration, the kernel. */
    private List<String> problems(FaultSpec fault, boolean hasTarget, Duration duration) {
        List<String> problems = new ArrayList<>(fault.stepProblems(hasTarget, duration, safety.maxFaultDuration()));
        if (fault.needsNetem()) {
            netem.whyUnavailable().ifPresent(why -> problems.add("fault: " + fault.type() + " needs netem, but " + why));
        }
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
        List<Effect> effects = fault.plan(targets, new Topology(resolver::clusterNodes));
        Instant now = clock.instant();
        Duration slack = max(safety.revertGrace(), fault.injectionBudget(effects.size()));
        ActiveFault planned = new ActiveFault(UUID.randomUUID().toString(), request.runId(), request.experiment(),
                request.step(), fault.type(), effects, now, now.plus(duration).plus(slack));
        reserve(planned);
        try {
            journal.append(new JournalEntry(planned.id(), planned.runId(), planned.experiment(), planned.step(),
                    planned.fault(), JournalEntry.State.INJECTING, now, planned.deadline(), effects, null));
        } catch (RuntimeException e) {
            active.remove(planned.id());
            throw e;
        }
        halts.reach(HaltPoints.Point.JOURNAL_WRITTEN, planned.fault() + " on " + planned.targets());
        applyAll(planned);
        journal.append(entry(planned, JournalEntry.State.ACTIVE, null));
        listener.injected(planned);
        Log.infof("injected %s on %s (%s), deadline %s", planned.fault(), planned.targets(), planned.label(),
                planned.deadline());
        halts.reach(HaltPoints.Point.MID_FAULT, planned.fault() + " on " + planned.targets());
        return planned;
    }

    /** Applies every effect in order; if one fails, reverts it and those before it, then throws. */
    private void applyAll(ActiveFault fault) {
        List<Effect> touched = new ArrayList<>();
        for (Effect effect : fault.effects()) {
            touched.add(effect);
            try {
                effect.inject(context);
            } catch (RuntimeException failure) {
                Collections.reverse(touched);
                List<String> revertFailures = revertEach(touched);
                String note = "injecting " + effect.describe() + " failed: " + failure.getMessage()
                        + (revertFailures.isEmpty() ? "; reverted the " + touched.size() + " effect(s) touched"
                        : "; reverting left: " + String.join("; ", revertFailures));
                journal.append(entry(fault, revertFailures.isEmpty() ? JournalEntry.State.FAILED
                        : JournalEntry.State.ACTIVE, note));
                if (revertFailures.isEmpty()) {
                    active.remove(fault.id());
                } // else it stays active: the watchdog keeps trying to revert it
                throw new FaultException("fault " + fault.fault() + " on " + fault.targets() + ": " + note);
            }
        }
    }

    /** Reverts the fault once {@code delay} has passed (the watchdog stays behind it). */
    public void revertAfter(String faultId, Duration delay, String why) {
        timer.schedule(() -> {
            try {
                revert(faultId, why);
            } catch (GamedayException e) {
                Log.error(e.getMessage());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Reverts a fault; reverting one that is not active (any more) is a no-op. */
    public void revert(String faultId, String why) {
        ActiveFault fault = active.remove(faultId);
        if (fault == null) {
            return;
        }
        List<Effect> effects = new ArrayList<>(fault.effects());
        Collections.reverse(effects);
        int first = Math.min(1, effects.size());
        List<String> failures = new ArrayList<>(revertEach(effects.subList(0, first)));
        halts.reach(HaltPoints.Point.MID_REVERT, fault.fault() + " on " + fault.targets());
        failures.addAll(revertEach(effects.subList(first, effects.size())));
        if (!failures.isEmpty()) {
            active.put(faultId, fault);
            throw new FaultException("reverting " + fault.fault() + " on " + fault.targets() + " failed: "
                    + String.join("; ", failures) + " (the watchdog will try again)");
        }
        journal.append(entry(fault, JournalEntry.State.REVERTED, why));
        listener.reverted(fault);
        Log.infof("reverted %s on %s (%s): %s", fault.fault(), fault.targets(), fault.label(), why);
    }

    /** Reverts every active fault of a run, each even if another fails; returns those it reverted. */
    public List<ActiveFault> revertRun(String runId, String why) {
        List<String> failures = new ArrayList<>();
        List<ActiveFault> reverted = new ArrayList<>();
        for (ActiveFault fault : active()) {
            if (fault.runId().equals(runId)) {
                try {
                    revert(fault.id(), why);
                    reverted.add(fault);
                } catch (GamedayException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new FaultException(String.join("; ", failures));
        }
        return reverted;
    }

    public List<ActiveFault> active() {
        return List.copyOf(active.values());
    }

    /** Active faults past their deadline: 0 unless reverting them keeps failing. */
    public long overdue() {
        Instant now = clock.instant();
        return active.values().stream().filter(f -> now.isAfter(f.deadline())).count();
    }

    /** Reverts faults past their deadline, even when the step that owns them is stuck. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watchdog() {
        Instant now = clock.instant();
        for (ActiveFault fault : active()) {
            if (now.isAfter(fault.deadline())) {
                Log.warnf("fault %s on %s (%s) is past its deadline %s: reverting it", fault.fault(), fault.targets(),
                        fault.label(), fault.deadline());
                try {
                    revert(fault.id(), "deadline " + fault.deadline() + " passed");
                } catch (GamedayException e) {
                    Log.error(e.getMessage());
                }
            }
        }
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            recover();
        } catch (GamedayException e) {
            Log.errorf("start-up recovery incomplete, the watchdog keeps trying: %s", e.getMessage());
        }
    }

    /**
     * Crash-safe rollback: reverts every fault the journal still shows open, removes leftover
     * helper containers and, unless told not to, every iptables rule the service owns.
     */
    public void recover() {
        for (JournalEntry open : journal.open()) {
            ActiveFault fault = new ActiveFault(open.faultId(), open.runId(), open.experiment(), open.step(),
                    open.fault(), open.effects(), open.at(), clock.instant());
            active.put(fault.id(), fault);
            Log.warnf("the journal shows %s on %s (%s) still %s: reverting it", fault.fault(), fault.targets(),
                    fault.label(), open.state());
            revert(fault.id(), StartupRollback.note(open));
        }
        journal.compactIfLargerThan(JOURNAL_MAX_BYTES);
        for (ContainerInfo helper : runtime.list(Map.of(ContainerRuntime.HELPER_LABEL, "true"))) {
            // a running helper belongs to a live service and ends within seconds; leave it to its owner
            if (helper.state() != ContainerState.RUNNING) {
                Log.warnf("removing helper container %s left by an earlier run", helper.describe());
                runtime.remove(helper.id());
            }
        }
        if (safety.sweepOnStart()) {
            sweepFirewallRules();
        }
    }

    private void sweepFirewallRules() {
        for (ContainerInfo node : resolver.clusterNodes().values()) {
            if (node.state() == ContainerState.RUNNING) {
                var result = runtime.runInNetworkOf(node.id(), List.of("bash", "-c", Firewall.sweepScript()));
                if (!result.succeeded()) {
                    Log.warnf("could not sweep iptables rules in %s: %s", node.describe(), result.output());
                }
            }
        }
    }

    public FaultJournal journal() {
        return journal;
    }

    private synchronized void reserve(ActiveFault planned) {
        for (Effect effect : planned.effects()) {
            Hold.Claim claim = new Hold.Claim(effect.containerId(), effect.hold());
            for (ActiveFault other : active.values()) {
                for (Effect held : other.effects()) {
                    if (claim.conflictsWith(new Hold.Claim(held.containerId(), held.hold()))) {
                        throw new GamedayException(GamedayException.Kind.CONFLICT, "fault " + planned.fault() + " on "
                                + effect.containerName() + " conflicts with " + other.fault() + " already active on it ("
                                + other.label() + "): both hold its " + effect.hold().label());
                    }
                }
            }
        }
        active.put(planned.id(), planned);
    }

    private List<String> revertEach(List<Effect> effects) {
        return Effect.revertEach(effects, context);
    }

    private JournalEntry entry(ActiveFault fault, JournalEntry.State state, String note) {
        return new JournalEntry(fault.id(), fault.runId(), fault.experiment(), fault.step(), fault.fault(), state,
                clock.instant(), fault.deadline(), null, note);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
