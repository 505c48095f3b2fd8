package dev.gameday.run;

import dev.gameday.kafka.ClusterInspector;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.probe.ProbeListener;
import dev.gameday.probe.ProbeSession;
import dev.gameday.probe.ProbeSettings;
import dev.gameday.probe.ProbeTopic;
import dev.gameday.probe.Probes;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/** {@link RunKafka} on the cluster under test: the admin client and the probes' own clients. */
@ApplicationScoped
class AdminRunKafka implements RunKafka {

    private final KafkaClients clients;
    private final ClusterInspector inspector;
    private final ProbeListener listener;
    private final Clock clock;

    AdminRunKafka(KafkaClients clients, ClusterInspector inspector, ProbeListener listener, Clock clock) {
        this.clients = clients;
        this.inspector = inspector;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public ProbeTopic ensureTopic(ProbeSettings settings) {
        return ProbeTopic.ensure(clients, settings);
    }

    @Override
    public Probes startProbes(ProbeSettings settings, ProbeTopic topic, UUID runId, Consumer<ClusterSnapshot> readings) {
        return ProbeSession.start(clients, inspector, clock, settings, topic, runId, listener, readings);
    }

    @Override
    public ClusterSnapshot read() {
        return inspector.snapshot(null);
    }
}
