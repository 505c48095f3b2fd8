package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.experiment.ConsumerCrash;
import dev.gameday.experiment.Step;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.RevertFailedException;
import dev.gameday.json.Durations;
import dev.gameday.probe.CrashedMember;
import dev.gameday.verify.FaultWindow;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, each noted on the run's step reports: a fault on containers injected and
 * reverted through the injector (journalled, reverted after a crash of the service), a fault on the
 * run's own probes (consumer-crash) applied to them directly, with nothing to journal. Reverting all
 * at once is what an abort, an early end and every end do. A step's revert, and the one before the
 * recovery, wait up to {@link #ENGINE_WAIT} for a Docker engine that does not answer (restarting,
 * say), so that the run goes on with its fault windows as they were.
 */
final class RunSteps {

    /** How long a revert waits for the Docker engine before the run ends in ERROR (the watchdog keeps trying). */
    static final Duration ENGINE_WAIT = Duration.ofMinutes(1);
    private static final Duration ENGINE_RETRY = Duration.ofSeconds(1);

    private final ActiveRun run;
    private final FaultInjector injector;
    private final RunClock time;
    private final String[] faultIds;
    /** Per client-side step, the group member it crashed until a new one took its slot. */
    private final CrashedMember[] crashed;

    RunSteps(ActiveRun run, FaultInjector injector, RunClock time) {
        this.run = run;
        this.injector = injector;
        this.time = time;
        this.faultIds = new String[run.experiment.steps().size()];
        this.crashed = new CrashedMember[faultIds.length];
    }

    /** Injects the step; one that cannot be injected ends the run. */
    void inject(int index, Random random) {
        Step step = run.experiment.steps().get(index);
        if (step.clientSide()) {
            injectOnProbes(index, step, random);
            return;
        }
        try {
            ActiveFault fault = injector.inject(new FaultRequest(run.id, run.experiment.name(), index + 1, step.fault(),
                    step.target(), step.duration(), random));
            faultIds[index] = fault.id();
            run.updateStep(index, s -> s.injected(fault.id(), fault.targets(), fault.injectedAt()));
            if (!injector.isActive(fault.id())) { // an abort came while it was injected: reverted already
                run.updateStep(index, s -> s.reverted(time.now()));
            }
        } catch (GamedayException e) {
            run.updateStep(index, s -> s.failed("not injected: " + e.getMessage()));
            throw new Aborted("step " + (index + 1) + " (" + step.type() + " on " + Planner.describe(step)
                    + ") could not be injected: " + e.getMessage());
        }
    }

    /**
     * A consumer-crash: one member of the group probe crashes now; a new one starts in its slot at the
     * end of the step (at once when it has no duration: at one instant a revert comes before an inject).
     */
    private synchronized void injectOnProbes(int index, Step step, Random random) {
        ConsumerCrash crash = (ConsumerCrash) step.client(); // the only client-side fault so far
        Instant asked = time.now(); // the crash lands at the member's next batch, a moment later
        try {
            CrashedMember member = run.session().crashGroupMember(crash.member(), random);
            crashed[index] = member;
            run.updateStep(index, s -> s.injected(null, List.of(member.describe()), asked));
        } catch (GamedayException e) {
            run.updateStep(index, s -> s.failed("not injected: " + e.getMessage()));
            throw new Aborted("step " + (index + 1) + " (" + step.type() + " of " + Planner.describe(step)
                    + ") could not be applied: " + e.getMessage());
        }
        if (step.duration().isZero()) {
            revertOnProbes(index);
        }
    }

    /** Starts a new member in the slot the step's crash emptied; once only. */
    private synchronized void revertOnProbes(int index) {
        CrashedMember member = crashed[index];
        if (member == null) {
            return;
        }
        crashed[index] = null;
        run.session().replaceGroupMember(member.slot());
        run.updateStep(index, s -> s.reverted(time.now()));
    }

    /** Reverts the step at the end of its duration; a step never injected has nothing to revert. */
    void revert(int index) {
        if (run.experiment.steps().get(index).clientSide()) {
            revertOnProbes(index);
            return;
        }
        if (faultIds[index] == null) {
            return;
        }
        Step step = run.experiment.steps().get(index);
        String why = "step " + (index + 1) + " ended after " + Durations.format(step.duration());
        waitingForTheEngine(() -> injector.revert(faultIds[index], why));
        run.updateStep(index, s -> s.reverted(time.now()));
    }

    /** Reverts whatever the run still has applied, each fault even if another fails; never waits. */
    void revertAll(String why) {
        for (int index = 0; index < crashed.length; index++) {
            revertOnProbes(index);
        }
        for (ActiveFault fault : injector.revertRun(run.id, why)) {
            int index = fault.step() - 1;
            run.updateStep(index, s -> s.reverted(time.now()));
        }
    }

    /** As {@link #revertAll}, on the run's own thread: waits for an engine that does not answer. */
    void revertAllWaitingForTheEngine(String why) {
        waitingForTheEngine(() -> revertAll(why));
    }

    /** Runs {@code revert}; while it fails because the engine does not answer, tries again every second, for a while. */
    private void waitingForTheEngine(Runnable revert) {
        Instant giveUp = time.now().plus(ENGINE_WAIT);
        for (int attempt = 1; ; attempt++) {
            try {
                revert.run();
                return;
            } catch (RevertFailedException e) {
                if (!e.engineGone() || !time.now().isBefore(giveUp)) {
                    throw e;
                }
                if (attempt == 1) {
                    Log.warnf("run %s: %s; the run waits up to %s for the engine", run.id, e.getMessage(),
                            Durations.format(ENGINE_WAIT));
                }
                time.waitFor(ENGINE_RETRY);
            }
        }
    }

    /** As {@link #revertAll} for a run that is ending: a failure to revert becomes one of its reasons. */
    void revertAllQuietly(String why) {
        try {
            revertAll(why);
        } catch (GamedayException e) {
            run.reason("reverting failed: " + e.getMessage());
        }
    }

    /** When each injected fault was applied, for the verifier. */
    List<FaultWindow> windows() {
        List<FaultWindow> windows = new ArrayList<>();
        for (int i = 0; i < faultIds.length; i++) {
            StepReport step = run.step(i);
            if (step.injectedAt() != null) {
                Instant end = step.revertedAt() != null ? step.revertedAt() : step.injectedAt();
                windows.add(new FaultWindow(step.step(), step.fault(), step.targets(), step.injectedAt(), end));
            }
        }
        return windows;
    }
}
