package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry probe's figures, with the requests no node answered as one
 * {@link AnomalyKind#REGISTRY_FAILURE} entry (partition -1: not a partition's); null without it.
 */
final class RegistryChecker implements Checker<Analysis.RegistryFigures> {

    @Override
    public Found<Analysis.RegistryFigures> check(Checks run) {
        History.Registry r = run.history.registry();
        if (r == null) {
            return Found.none();
        }
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        synchronized (r) {
            long failures = r.failures.count(AnomalyKind.REGISTRY_FAILURE);
            if (failures > 0) {
                anomalies.add(new Analysis.Anomaly(AnomalyKind.REGISTRY_FAILURE.id(), -1, failures,
                        r.failures.examples(AnomalyKind.REGISTRY_FAILURE).stream()
                                .map(e -> run.describe(-1, e)).toList()));
            }
            long p99 = r.latencyMs.getTotalCount() == 0 ? 0 : r.latencyMs.getValueAtPercentile(99);
            List<Analysis.RegistryNode> nodes = r.nodes.entrySet().stream().map(node -> new Analysis.RegistryNode(
                    node.getKey(), node.getValue().answered, node.getValue().unanswered, node.getValue().slowestMs))
                    .toList();
            return new Found<>(new Analysis.RegistryFigures(r.registered, r.found, r.failovers, failures, p99,
                    r.latencyMs.getMaxValue(), nodes), anomalies);
        }
    }
}
