package dev.gameday.run;

import dev.gameday.json.Durations;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.HealthWait;
import dev.gameday.probe.Probes;
import java.time.Duration;

/**
 * A run's waits for a healthy cluster (the one {@link HealthWait}): before the run, before a step
 * that awaits it, for recovery. While the probes run, each reading is also a cluster sample of the
 * run: the verifier judges recovery on them all.
 */
final class RunHealth {

    private final ActiveRun run;
    private final RunServices services;
    private final RunClock time;

    RunHealth(ActiveRun run, RunServices services, RunClock time) {
        this.run = run;
        this.services = services;
        this.time = time;
    }

    /** The cluster must be healthy before it is broken (again); right after another run it may still be catching up. */
    void require(String why) {
        Duration within = services.runs().steadyStateTimeout();
        ClusterSnapshot last = await(within);
        if (!last.healthy()) {
            throw new Aborted(why + ": the cluster was not healthy after waiting " + Durations.format(within) + ": "
                    + String.join("; ", last.problems()));
        }
    }

    /** Healthy twice in a row, or the last reading when {@code within} has passed. */
    ClusterSnapshot await(Duration within) {
        return HealthWait.await(services.clock(), within, this::read, time::waitUntil);
    }

    private ClusterSnapshot read() {
        Probes probes = run.session();
        return probes == null ? services.kafka().read() : probes.sampleCluster();
    }
}
