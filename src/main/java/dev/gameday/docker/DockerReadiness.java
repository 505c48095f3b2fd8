package dev.gameday.docker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the Docker engine answers: without it no fault can be injected or reverted. */
@Readiness
@ApplicationScoped
public class DockerReadiness implements HealthCheck {

    private final ContainerRuntime runtime;

    public DockerReadiness(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("docker").withData("endpoint", runtime.endpoint());
        try {
            runtime.ping();
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
