package dev.gameday.fault;

import dev.gameday.target.TargetSelector;
import java.time.Duration;
import java.util.Random;

/**
 * A fault to inject now.
 *
 * @param step     the step's number in its experiment, from 1; 0 for a fault injected by hand
 * @param target   null for faults that name their own containers (a partition by groups)
 * @param duration how long it stays before its step reverts it; the watchdog's deadline adds a grace
 * @param random   the run's seeded random, for random targets
 */
public record FaultRequest(String runId, String experiment, int step, FaultSpec fault, TargetSelector target,
                           Duration duration, Random random) {}
