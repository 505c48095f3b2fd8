package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The runtime against the real engine where a fake cannot tell: removing a container that is
 * already gone (a helper its own service removed between another service's list and remove, as
 * happens when two services start side by side) is done, not an error that stops the service's start.
 */
class DockerContainerRuntimeIT {

    @Test
    void removingAContainerThatIsGoneIsNotAnError() throws Exception {
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(LocalDocker.config())) {
            assertThatCode(() -> runtime.remove("0ff51d33320510523de61b8fedd69279605db553307ca618fbfc0d6855c1482e"))
                    .doesNotThrowAnyException();
        }
    }
}
