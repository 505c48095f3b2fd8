package dev.gameday.docker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the Docker engine answers: without it no fault can be injected or reverted. DOWN
 * names the engine, the error and since when it has not answered.
 */
@Readiness
@ApplicationScoped
public class DockerReadiness implements HealthCheck {

    private final ContainerRuntime runtime;
    private final EngineWatch watch;

    public DockerReadiness(ContainerRuntime runtime, EngineWatch watch) {
        this.runtime = runtime;
        this.watch = watch;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("docker").withData("endpoint", runtime.endpoint());
        return watch.check().map(error -> {
            response.down().withData("error", error);
            watch.downSince().ifPresent(since -> response.withData("down-since", since.toString()));
            return response.build();
        }).orElseGet(() -> response.up().build());
    }
}
