package dev.gameday.docker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The one {@link ContainerRuntime} of the service, typed by its interface so tests can replace it. */
public class DockerRuntimeProducer {

    @Produces
    @ApplicationScoped
    ContainerRuntime runtime(DockerConfig config) {
        return new DockerContainerRuntime(config);
    }

    void close(@Disposes ContainerRuntime runtime) throws Exception {
        if (runtime instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
