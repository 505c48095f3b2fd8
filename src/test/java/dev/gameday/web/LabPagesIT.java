package dev.gameday.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.api.ApiCredentials;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabProfile;
import dev.gameday.lab.LabResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages against the real lab, in headless Chromium, as an operator uses them: a dry run from the
 * experiments page, a run started from it whose page changes while it runs, its fault reverted from
 * the active-faults page and the run aborted from its own page.
 */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(LabProfile.class)
class LabPagesIT {

    /** Taken before any fault: Lab.get() waits for a settled cluster, which a paused broker is not. */
    private final Lab lab = Lab.get();

    @TestHTTPResource("/")
    URL service;

    Browser operator;

    @BeforeEach
    void browser() {
        ApiCredentials.asOperator();
        operator = new Browser(service.toString().replaceAll("/$", ""), ApiCredentials.OPERATOR,
                ApiCredentials.OPERATOR_PASSWORD);
    }

    @AfterEach
    void close() {
        operator.close();
    }

    @Test
    void anOperatorStartsADryRunFromThePage() {
        operator.open("/ui/");
        operator.click("tr[data-experiment='long-pause'] button.dry-run");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !operator.all("#plan").isEmpty());
        String broker = lab.containerOfNode(3);
        assertThat(operator.text("#plan")).contains(broker).contains("paused on " + broker);
        assertThat(state(broker)).as("a dry run injects nothing").isEqualTo("running");
        operator.screenshot("dry-run");
    }

    @Test
    void aRunStartedFromThePageChangesWhileItRunsAndItsFaultIsRevertedFromThePages() {
        operator.open("/ui/");
        operator.click("tr[data-experiment='long-pause'] button.run-now");
        Awaitility.await("the run's page").atMost(Duration.ofSeconds(30)).until(() -> operator.url().contains("/ui/runs/"));
        String runPage = operator.url();
        assertThat(operator.text("#verdict")).isEqualToIgnoringCase("running");

        // the page polls the run and redraws: its probing seconds and its phase move on while we watch
        Awaitility.await("probing seconds shown").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> seconds() > 0);
        int first = seconds();
        Awaitility.await("the page changed by itself").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> seconds() > first);
        Awaitility.await("the fault is applied").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> !operator.all("#chart-rates .fault-window").isEmpty());
        assertThat(operator.text("#phase")).as("the phase the run is in").isNotBlank();
        operator.screenshot("run-running");

        String broker = lab.containerOfNode(3);
        assertThat(state(broker)).isEqualTo("paused");
        operator.open("/ui/faults");
        assertThat(operator.text("#faults")).contains("pause").contains(broker);
        operator.screenshot("faults-active");
        operator.click("#faults button.revert");
        Awaitility.await("reverted").atMost(Duration.ofSeconds(30))
                .until(() -> operator.text("#faults").contains("No fault is applied right now."));
        assertThat(state(broker)).isEqualTo("running");

        operator.open(runPage);
        operator.click("button.abort");
        Awaitility.await("the run ended and its page shows it").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions() // the page reloads itself at the end
                .until(() -> operator.text("#verdict").equalsIgnoreCase("aborted"));
        assertThat(operator.text("#reasons")).contains("aborted from the pages by operator");
    }

    private int seconds() {
        return Integer.parseInt(operator.text("#timeline-seconds"));
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }
}
