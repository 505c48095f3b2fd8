package dev.gameday.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.GamedayException;
import dev.gameday.connect.ConnectClient;
import dev.gameday.connect.ConnectConfig;
import dev.gameday.connect.ConnectWorker;
import dev.gameday.kafka.ClusterInspector;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.kafka.KafkaConfig;
import dev.gameday.probe.PipelineTarget;
import dev.gameday.probe.ProbeIntegrations;
import dev.gameday.probe.ProbeListener;
import dev.gameday.probe.ProbeSession;
import dev.gameday.probe.ProbeSettings;
import dev.gameday.probe.ProbeTopic;
import dev.gameday.probe.Probes;
import dev.gameday.registry.RegistryClient;
import dev.gameday.registry.RegistryConfig;
import dev.gameday.time.Retry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** {@link RunKafka} on the cluster under test: the admin client and the probes' own clients. */
@ApplicationScoped
class AdminRunKafka implements RunKafka {

    private final KafkaClients clients;
    private final ClusterInspector inspector;
    private final ProbeListener listener;
    private final Retry retry;
    /** The pipeline's Connect cluster (gameday.connect.workers) and the registry's nodes, where configured. */
    private final ProbeIntegrations integrations;

    AdminRunKafka(KafkaClients clients, ClusterInspector inspector, ProbeListener listener, Retry retry,
                  ConnectConfig connect, RegistryConfig registry, KafkaConfig kafka, ObjectMapper json) {
        this.clients = clients;
        this.inspector = inspector;
        this.listener = listener;
        this.retry = retry;
        this.integrations = new ProbeIntegrations(connect.workers().map(workers -> new PipelineTarget(
                        new ConnectClient(ConnectWorker.parse(workers), connect.requestTimeout(), json),
                        connect.kafkaBootstrapServers().orElse(kafka.bootstrapServers()),
                        Optional.of(connect.clientProperties()).filter(file -> !file.equals("none")))).orElse(null),
                registry.nodes().map(nodes -> new RegistryClient(nodes, registry.requestTimeout(), json)).orElse(null));
    }

    @Override
    public ProbeTopic ensureTopic(ProbeSettings settings) {
        return ProbeTopic.ensure(clients, settings);
    }

    @Override
    public Probes startProbes(ProbeSettings settings, ProbeTopic topic, UUID runId, Consumer<ClusterSnapshot> readings) {
        if (settings.pipeline() != null && integrations.pipeline() == null) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe.pipeline needs a Kafka Connect cluster: "
                    + "set gameday.connect.workers (the lab's: compose/lab.sh up --integrations)");
        }
        if (settings.registry() != null && integrations.registry() == null) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe.registry needs schema registry nodes: "
                    + "set gameday.registry.nodes (the lab's: compose/lab.sh up --integrations)");
        }
        return ProbeSession.start(clients, inspector, retry, settings, topic, runId, listener, readings, integrations);
    }

    @Override
    public ClusterSnapshot read() {
        return inspector.snapshot(null);
    }
}
