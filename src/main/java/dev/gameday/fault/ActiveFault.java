package dev.gameday.fault;

import java.time.Instant;
import java.util.List;

/**
 * A fault that is applied right now.
 *
 * @param step     the step's number in its experiment, from 1; 0 for a fault injected by hand
 * @param deadline the watchdog reverts it at this instant, whatever its step is doing
 */
public record ActiveFault(String id, String runId, String experiment, int step, String fault, List<Effect> effects,
                          Instant injectedAt, Instant deadline) {

    public List<String> targets() {
        return effects.stream().map(Effect::containerName).distinct().toList();
    }

    /** "leader-kill step 1", for messages. */
    public String label() {
        return experiment + " step " + step;
    }
}
