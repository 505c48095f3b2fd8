package dev.gameday.run;

import java.time.Instant;
import java.util.List;

/**
 * One step of a run: what it was to do, what it did, when.
 *
 * @param targets     the containers it acted on, resolved when the step started
 * @param revertedAt  null while the fault is applied, or when it never was
 * @param outcome     "reverted", or why the step did not do what it should
 */
public record StepReport(int step, String fault, String target, String faultId, List<String> targets,
                         Instant injectedAt, Instant revertedAt, String outcome) {

    StepReport injected(String id, List<String> resolved, Instant at) {
        return new StepReport(step, fault, target, id, resolved, at, null, "applied");
    }

    StepReport reverted(Instant at) {
        return new StepReport(step, fault, target, faultId, targets, injectedAt, at, "reverted");
    }

    StepReport failed(String why) {
        return new StepReport(step, fault, target, faultId, targets, injectedAt, revertedAt, why);
    }
}
