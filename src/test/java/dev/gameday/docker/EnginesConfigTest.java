package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gameday.engines as properties read it, and the runtime they make: one engine, or a router over several. */
class EnginesConfigTest {

    private static EnginesConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(EnginesConfig.class)
                .build();
        return config.getConfigMapping(EnginesConfig.class);
    }

    @Test
    void eachEngineWithItsHostsAndTheOneWithoutAHostIsGamedayDockerHosts() throws Exception {
        EnginesConfig engines = read(Map.of(
                "gameday.engines.local.hosts", "gdtest/host-a",
                "gameday.engines.remote.host", "tcp://127.0.0.1:2376",
                "gameday.engines.remote.hosts", "gdtest/host-b,gdtest/host-c"));
        assertThat(engines.engines()).containsOnlyKeys("local", "remote");
        assertThat(engines.engines().get("remote").hosts()).containsExactly("gdtest/host-b", "gdtest/host-c");
        assertThat(engines.engines().get("remote").tlsVerify()).isFalse();

        ContainerRuntime runtime = DockerRuntimeProducer.create(LocalDocker.config(), engines);
        try {
            assertThat(runtime).isInstanceOf(EngineRouter.class);
            assertThat(runtime.endpoint()).contains("local " + LocalDocker.config().host(), "remote tcp://127.0.0.1:2376");
        } finally {
            ((AutoCloseable) runtime).close();
        }
    }

    @Test
    void withoutEnginesTheServiceTalksToOneEngine() throws Exception {
        ContainerRuntime runtime = DockerRuntimeProducer.create(LocalDocker.config(), read(Map.of()));
        try {
            assertThat(runtime).isInstanceOf(DockerContainerRuntime.class);
        } finally {
            ((AutoCloseable) runtime).close();
        }
    }

    @Test
    void noEngineOrTwoWithoutAHostAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DockerRuntimeProducer.create(LocalDocker.config(), read(Map.of(
                "gameday.engines.remote.host", "tcp://127.0.0.1:2376",
                "gameday.engines.remote.hosts", "gdtest/host-b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gameday.engines: one engine must leave out its host, the engine of "
                        + "gameday.docker.host (");
        assertThatThrownBy(() -> DockerRuntimeProducer.create(LocalDocker.config(), read(Map.of(
                "gameday.engines.a.hosts", "gdtest/host-a",
                "gameday.engines.b.hosts", "gdtest/host-b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one engine may leave it out");
    }

    @Test
    void aHostListedByTwoEnginesIsRefusedAfterTheirClientsWereMade() {
        // the router refuses it once every engine's client exists: create closes them before it throws
        assertThatThrownBy(() -> DockerRuntimeProducer.create(LocalDocker.config(), read(Map.of(
                "gameday.engines.local.hosts", "gdtest/host-a",
                "gameday.engines.remote.host", "tcp://127.0.0.1:2376",
                "gameday.engines.remote.hosts", "gdtest/host-a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host gdtest/host-a is listed by two engines");
    }
}
