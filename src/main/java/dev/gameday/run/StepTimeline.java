package dev.gameday.run;

import dev.gameday.experiment.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a run injects and reverts its steps, counted from the end of the warm-up: in time order,
 * and at one instant a revert before an inject, so that a step may take over from the one before
 * (a kill of the broker whose pause ends then). A step that awaits a healthy cluster moves itself
 * and every later event back by the time it waited.
 */
final class StepTimeline {

    /** One step injected or reverted, at its offset. */
    record Event(Duration at, boolean inject, int step) {}

    /** What the events do; the timeline only decides when. */
    interface Actions {
        void awaitHealthy(int step);

        void inject(int step);

        void revert(int step);
    }

    private final List<Step> steps;
    private final List<Event> events = new ArrayList<>();

    StepTimeline(List<Step> steps) {
        this.steps = steps;
        for (int i = 0; i < steps.size(); i++) {
            events.add(new Event(steps.get(i).at(), true, i));
            events.add(new Event(steps.get(i).end(), false, i));
        }
        events.sort(Comparator.comparing(Event::at).thenComparing(Event::inject)); // false (revert) first
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Walks every event from now, each at its offset, as shifted by the waits before it. */
    void walk(RunClock time, Actions actions) {
        Instant start = time.now();
        for (Event event : events) {
            time.waitUntil(start.plus(event.at()));
            if (!event.inject()) {
                actions.revert(event.step());
                continue;
            }
            if (steps.get(event.step()).awaitHealthy()) {
                Instant due = time.now();
                actions.awaitHealthy(event.step());
                start = start.plus(Duration.between(due, time.now()));
            }
            actions.inject(event.step());
        }
    }
}
