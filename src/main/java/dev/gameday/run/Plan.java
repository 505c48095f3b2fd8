package dev.gameday.run;

import java.time.Duration;
import java.util.List;

/**
 * What a run would do, without doing it: the answer of a dry run.
 *
 * @param seed the seed the random choices were drawn with; a run triggered with it draws the same
 */
public record Plan(String experiment, long seed, Duration warmup, List<PlannedStep> steps) {

    /** One step: when, what, on which containers right now, and the concrete changes it would make. */
    public record PlannedStep(int step, Duration at, Duration duration, String fault, String target,
                              List<String> containers, List<String> effects) {}
}
