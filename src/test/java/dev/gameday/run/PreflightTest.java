package dev.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.DockerUnavailableException;
import dev.gameday.docker.HelperResult;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.NetemSupport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a definition needs of Docker and the cluster: each hole refused naming the step and field. */
class PreflightTest {

    @TempDir
    Path dir;

    FaultFixture faults;
    Preflight preflight;

    @BeforeEach
    void setUp() {
        faults = new FaultFixture(dir);
        preflight = new Preflight(faults.runtime, new NetemSupport(faults.runtime), faults.resolver(), faults.roles);
    }

    static Experiment experiment(String steps) {
        var parsed = DefinitionParser.parse("test", "name: preflight\nsteps:\n" + steps, Experiment.class);
        assertThat(parsed.errors()).isEmpty();
        return parsed.value();
    }

    @Test
    void aFaultTheContainerRuntimeCannotPerformIsRefusedNamingTheStepTheRuntimeAndWhy() {
        faults.runtime.without(RuntimeOperation.PAUSE, "a Kubernetes pod cannot be paused");

        assertThat(preflight.problems(experiment("""
                  - fault: kill
                    target: { role: broker, id: 1 }
                    duration: 10s
                  - fault: pause
                    target: { role: broker, id: 2 }
                    at: 20s
                    duration: 10s
                """))).containsExactly("steps[1].fault: pause needs the container runtime (fake://docker) to freeze "
                + "a container's processes and thaw them (pause, unpause), but a Kubernetes pod cannot be paused");
    }

    @Test
    void aNamedTargetThatMatchesNoContainerIsRefused() {
        assertThat(preflight.problems(experiment("""
                  - fault: pause
                    target: { name: kafka-9 }
                    duration: 10s
                """))).containsExactly("steps[0].target.name: container kafka-9 does not exist");
    }

    @Test
    void aNamedContainerOutsideTheAllowListIsRefusedNamingIt() {
        faults.runtime.add(new ContainerInfo("id-db", "postgres", ContainerState.RUNNING, 0, Map.of(), Map.of(), 0, 0));
        assertThat(preflight.problems(experiment("""
                  - fault: pause
                    target: { name: postgres }
                    duration: 10s
                """))).containsExactly("steps[0].target.name: container postgres (id id-db) does not carry the "
                + "allow-list label gameday.target=true; a game day may not touch it");
    }

    @Test
    void aLabelNoContainerCarriesIsRefused() {
        assertThat(preflight.problems(experiment("""
                  - fault: pause
                    target: { label: "tier=broker" }
                    duration: 10s
                """))).containsExactly("steps[0].target.label: no container carries the label tier=broker");
    }

    @Test
    void aBrokerIdTheClusterDoesNotHaveIsRefused() {
        assertThat(preflight.problems(experiment("""
                  - fault: pause
                    target: { role: broker, id: 2 }
                    duration: 10s
                  - fault: kill
                    target: { role: broker, id: 7 }
                    at: 20s
                    duration: 10s
                """))).containsExactly("steps[1].target.id: the cluster has no broker 7 (its brokers: [1, 2, 3])");
        assertThat(faults.roles.registeredAsked).as("the cluster is asked once per check").isEqualTo(1);
    }

    @Test
    void aBrokerOfTheClusterWithoutAContainerIsRefused() {
        faults.runtime.remove("id-kafka-3");
        assertThat(preflight.problems(experiment("""
                  - fault: pause
                    target: { role: broker, id: 3 }
                    duration: 10s
                """))).containsExactly("steps[0].target.id: broker 3 maps to no container: none carries the labels "
                + "gameday.kafka.node-id=3 and gameday.target=true");
    }

    @Test
    void aConnectWorkerTargetOnALabWithoutTheIntegrationsProfileIsRefused() {
        Experiment killAWorker = experiment("""
                  - fault: kill
                    target: { role: connect-worker }
                    duration: 10s
                """);
        assertThat(preflight.problems(killAWorker)).singleElement().asString()
                .startsWith("steps[0].target.role: no container carries gameday.role=connect-worker")
                .endsWith("(compose/lab.sh up --integrations starts the integrations profile)");
        faults.runtime.add(new ContainerInfo("id-connect-1", "connect-1", ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.role", "connect-worker"), Map.of(), 0, 0));
        assertThat(preflight.problems(killAWorker)).isEmpty();
    }

    @Test
    void aNetemFaultIsRefusedWhereTheKernelHasNone() {
        faults.runtime.isolatedHelperAnswers(new HelperResult(2, "Error: Specified qdisc kind is unknown."));
        assertThat(preflight.problems(experiment("""
                  - fault: latency
                    delay: 100ms
                    target: { role: random-broker }
                    duration: 10s
                """))).singleElement().asString()
                .startsWith("steps[0].fault: latency needs netem, but the kernel of the Docker host")
                .contains("Specified qdisc kind is unknown");
    }

    @Test
    void rolesAreResolvedWhenTheStepStartsSoNothingIsAskedForThem() {
        assertThat(preflight.problems(experiment("""
                  - fault: kill
                    target: { role: partition-leader, topic: gameday-probe, partition: 0 }
                    duration: 10s
                """))).isEmpty();
        assertThat(faults.roles.registeredAsked).isZero();
    }

    @Test
    void dockerNotAnsweringIsNoProblemOfTheDefinitionButUnavailable() {
        faults.runtime.readsFail(new DockerUnavailableException("Docker at fake://docker did not answer", null));
        assertThatThrownBy(() -> preflight.problems(experiment("""
                  - fault: pause
                    target: { name: kafka-1 }
                    duration: 10s
                """))).isInstanceOf(GamedayException.class)
                .extracting(e -> ((GamedayException) e).kind()).isEqualTo(GamedayException.Kind.UNAVAILABLE);
    }

    @Test
    void theValidateEndpointGetsEachProblemAtTheLineOfItsField() {
        var parsed = DefinitionParser.parse("request", """
                name: elsewhere
                steps:
                  - fault: pause
                    target: { role: broker, id: 7 }
                    duration: 10s
                """, Experiment.class);
        assertThat(preflight.check(parsed)).extracting(Object::toString)
                .containsExactly("request:4: steps[0].target.id: the cluster has no broker 7 (its brokers: [1, 2, 3])");
    }
}
