package dev.gameday.run;

import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.probe.ProbeSettings;
import dev.gameday.probe.ProbeTopic;
import dev.gameday.probe.Probes;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a run needs of Kafka: its probe topic, its probes, and a reading of the cluster before they
 * run. An interface so that a run can be walked through its phases in unit tests, with no cluster.
 */
interface RunKafka {

    /** Makes sure the probe topic exists and can prove something; once per run. */
    ProbeTopic ensureTopic(ProbeSettings settings);

    /** Starts the probes; every cluster reading they take also goes to {@code readings}. */
    Probes startProbes(ProbeSettings settings, ProbeTopic topic, UUID runId, Consumer<ClusterSnapshot> readings);

    /** The whole cluster now, recorded nowhere. */
    ClusterSnapshot read();
}
