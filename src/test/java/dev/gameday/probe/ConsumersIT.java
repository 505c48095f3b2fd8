package dev.gameday.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.api.ApiCredentials;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabResource;
import dev.gameday.lab.LabTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer continuity on the real lab, through the service's own runs of the experiments in
 * src/test/resources/experiments-consumers: a group-coordinator kill under both group protocols and
 * a transaction-coordinator kill pass, with the group's rebalance and resume times measured; a
 * member that commits before processing and crashes is reported as skips, with the offsets, and the
 * same crash of a member that commits after processing is not. About five minutes on the reference
 * machine (five runs of 30-70 s each).
 */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(ConsumersIT.Profile.class)
class ConsumersIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-consumers-it");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gameday.experiments.dir", "src/test/resources/experiments-consumers",
                    "gameday.schedules.paused", "true");
        }
    }

    /**
     * Each run starts on a settled cluster: a new group's warm-up right after the previous run's
     * coordinator kill can find the restarted broker still catching up (acks after seconds) and process
     * nothing in its warm-up. Lab.get() waits for every ISR to be full again.
     */
    @BeforeEach
    void operatorOnASettledLab() {
        Lab.get();
        ApiCredentials.asOperator();
    }

    /** Runs the experiment over HTTP and returns the ended run. */
    static JsonPath run(String experiment) {
        String location = given().when().post("/api/experiments/" + experiment + "/runs").then().statusCode(202)
                .extract().header("Location");
        Awaitility.await(experiment + " ended").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !"RUNNING".equals(given().get(location).then().extract().path("status")));
        JsonPath run = given().when().get(location).then().statusCode(200).extract().jsonPath();
        System.out.printf("[consumers-it] %s: %s %s; per fault %s; group %s; transactions %s; anomalies %s%n",
                experiment, run.getString("status"), run.getList("reasons"), run.getList("measured.perFault"),
                run.getMap("measured.group"), run.getMap("measured.transactions"), run.getMap("measured.counts"));
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gc-kill-classic", "gc-kill-consumer"})
    void aGroupCoordinatorKillPassesWithMeasuredRebalanceAndResumeTimes(String experiment) {
        JsonPath run = run(experiment);

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        assertThat(run.getList("steps[0].targets", String.class)).singleElement().asString().startsWith("gdtest-kafka-");
        assertThat(run.getLong("measured.group.processed")).isPositive();
        assertThat(run.getObject("measured.perFault[0].rebalanceMs", Long.class)).isNotNull();
        assertThat(run.getObject("measured.perFault[0].resumeMs", Long.class)).isNotNull();
        assertThat(run.getLong("measured.counts.redelivery") + run.getLong("measured.counts.skip")).isZero();
    }

    @Test
    void aTransactionCoordinatorKillPassesWithNoTransactionalAnomaly() {
        JsonPath run = run("tc-kill");

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        for (String kind : List.of("aborted-read", "lost-transaction", "torn-transaction", "early-read", "lost")) {
            assertThat(run.getLong("measured.counts.'" + kind + "'")).as(kind).isZero();
        }
        assertThat(run.getLong("measured.transactions.committed")).isPositive();
        assertThat(run.getLong("measured.transactions.aborted")).as("one in five aborted on purpose").isPositive();
    }

    @Test
    void aMemberThatCommitsBeforeProcessingAndCrashesSkipsAndTheRunNamesTheOffsets() {
        JsonPath run = run("crash-commit-before");

        assertThat(run.getString("status")).isEqualTo("FAIL");
        assertThat(run.getLong("measured.counts.skip")).isPositive();
        assertThat(run.getList("reasons", String.class)).anySatisfy(reason -> assertThat(reason).startsWith("skips: "));
        assertThat(run.getList("measured.anomalies.findAll { it.kind == 'skip' }.examples.flatten()", String.class))
                .isNotEmpty().allSatisfy(example -> assertThat(example).startsWith("offsets ")
                        .contains("no member ever processed them"));
        assertThat(run.getList("steps[0].targets", String.class)).singleElement().asString().endsWith("(slot 1)");
    }

    @Test
    void theSameCrashOfAMemberThatCommitsAfterProcessingSkipsNothing() {
        JsonPath run = run("crash-commit-after");

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASS");
        assertThat(run.getLong("measured.counts.skip")).isZero();
        assertThat(run.getObject("measured.perFault[0].rebalanceMs", Long.class)).as("the group settled again")
                .isNotNull();
    }
}
