package dev.gameday.lab;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a lab of its own with the {@code integrations} profile (Kafka
 * Connect, the schema registry), started for the test class and removed after it: never the shared
 * test lab, whose every other test would otherwise run beside two more JVMs.
 */
public class IntegrationsLabResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Lab lab;

    /** The integrations lab of the running test class. */
    public static Lab lab() {
        return lab;
    }

    @Override
    public Map<String, String> start() {
        lab = Lab.withIntegrations();
        return serviceConfig(lab);
    }

    /** What the service needs to run experiments on an integrations lab: Kafka, Connect and the registry. */
    public static Map<String, String> serviceConfig(Lab lab) {
        Map<String, String> config = new HashMap<>(lab.serviceConfig());
        // the workers by the names Connect knows them by, reached on their host ports
        config.put("gameday.connect.workers", String.join(",", Lab.WORKERS.stream()
                .map(worker -> worker + ":8083=" + lab.connectUrl(worker)).toList()));
        config.put("gameday.registry.nodes", String.join(",", Lab.REGISTRIES.stream().map(lab::registryUrl).toList()));
        // the connector's clients run inside the workers, on the lab network
        config.put("gameday.connect.kafka-bootstrap-servers", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
        return config;
    }

    @Override
    public void stop() {
        if (lab != null) {
            lab.close();
        }
    }
}
