package dev.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.FakeTime;
import dev.gameday.experiment.Step;
import dev.gameday.fault.FaultSpec;
import dev.gameday.fault.KillFault;
import dev.gameday.fault.PauseFault;
import dev.gameday.target.TargetSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When steps are injected and reverted, on a clock that moves only when the run waits. */
class StepTimelineTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final FakeTime time = new FakeTime(START);
    final RunClock clock = new RunClock(time, time, Optional::empty);
    final List<String> done = new ArrayList<>();

    static Step step(FaultSpec fault, int broker, long atSeconds, long forSeconds, boolean awaitHealthy) {
        return new Step(fault, TargetSelector.broker(broker), Duration.ofSeconds(atSeconds), Duration.ofSeconds(forSeconds),
                awaitHealthy);
    }

    /** Records each action at the second it happens; a wait for health takes {@code healthyAfter}. */
    StepTimeline.Actions recording(Duration healthyAfter) {
        return new StepTimeline.Actions() {
            public void awaitHealthy(int step) {
                done.add("await step " + (step + 1) + " at " + second());
                time.advance(healthyAfter);
            }

            public void inject(int step) {
                done.add("inject step " + (step + 1) + " at " + second());
            }

            public void revert(int step) {
                done.add("revert step " + (step + 1) + " at " + second());
            }
        };
    }

    String second() {
        return Duration.between(START, time.instant()).toSeconds() + "s";
    }

    @Test
    void atOneInstantARevertGoesBeforeAnInjectSoAStepCanTakeOverFromTheOneBefore() {
        StepTimeline timeline = new StepTimeline(List.of(
                step(new KillFault(null), 2, 10, 5, false),
                step(new PauseFault(), 2, 0, 10, false)));

        assertThat(timeline.events()).containsExactly(
                new StepTimeline.Event(Duration.ofSeconds(0), true, 1),
                new StepTimeline.Event(Duration.ofSeconds(10), false, 1),
                new StepTimeline.Event(Duration.ofSeconds(10), true, 0),
                new StepTimeline.Event(Duration.ofSeconds(15), false, 0));
        timeline.walk(clock, recording(Duration.ZERO));
        assertThat(done).containsExactly("inject step 2 at 0s", "revert step 2 at 10s", "inject step 1 at 10s",
                "revert step 1 at 15s");
    }

    @Test
    void aStepThatAwaitsAHealthyClusterMovesItselfAndEveryLaterEventBackByItsWait() {
        StepTimeline timeline = new StepTimeline(List.of(
                step(new PauseFault(), 1, 0, 20, false),
                step(new KillFault(null), 2, 5, 10, true),
                step(new PauseFault(), 3, 8, 4, false)));

        timeline.walk(clock, recording(Duration.ofSeconds(7)));

        assertThat(done).containsExactly("inject step 1 at 0s", "await step 2 at 5s", "inject step 2 at 12s",
                "inject step 3 at 15s", "revert step 3 at 19s", "revert step 2 at 22s", "revert step 1 at 27s");
    }

    @Test
    void theRunWaitsInTicksSoThatAnAbortIsNoticedSoon() {
        new StepTimeline(List.of(step(new PauseFault(), 1, 0, 1, false))).walk(clock, recording(Duration.ZERO));

        assertThat(time.sleeps()).hasSize(5).allMatch(RunClock.TICK::equals);
    }
}
