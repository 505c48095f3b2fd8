package dev.gameday.probe;

import dev.gameday.registry.RegistryClient;

/**
 * What a run's pipeline and registry probes use, as the service is configured (gameday.connect,
 * gameday.registry); either is null where it is not.
 */
public record ProbeIntegrations(PipelineTarget pipeline, RegistryClient registry) {

    public static final ProbeIntegrations NONE = new ProbeIntegrations(null, null);
}
