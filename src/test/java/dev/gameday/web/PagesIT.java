package dev.gameday.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.sun.net.httpserver.HttpServer;
import dev.gameday.api.ApiCredentials;
import dev.gameday.run.RunReport;
import dev.gameday.run.store.RunStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real headless Chromium, on runs stored as fixtures (no cluster needed): what a
 * person sees of a finished and a failing run, what a viewer does not get, and the forgeries that
 * are refused. Screenshots go to target/screenshots. The pages against the live lab are LabPagesIT.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PagesIT {

    @TestHTTPResource("/")
    URL service;

    @Inject
    RunStore store;

    static Browser operator;
    static Browser viewer;
    static RunReport passed;
    static RunReport failed;

    @BeforeAll
    static void noBrowserYet() {
        operator = null;
        viewer = null;
    }

    @BeforeEach
    void browsersAndRuns() {
        ApiCredentials.asOperator();
        String base = service.toString().replaceAll("/$", "");
        if (operator == null) {
            operator = new Browser(base, ApiCredentials.OPERATOR, ApiCredentials.OPERATOR_PASSWORD);
            viewer = new Browser(base, ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int day = 6; day > 1; day--) { // the history of a nightly experiment: pass, fail, pass, pass, pass
                Instant at = now.minus(day, ChronoUnit.DAYS);
                store.save(day == 5 ? RunFixtures.failed("leader-kill", at) : RunFixtures.passed("leader-kill", at, 60, 6));
            }
            passed = RunFixtures.passed("leader-kill", now.minus(2, ChronoUnit.HOURS), 120, 6);
            failed = RunFixtures.failed("leader-kill", now.minus(1, ChronoUnit.HOURS));
            store.save(passed);
            store.save(failed);
            store.save(RunFixtures.passed("broker-pause", now.minus(3, ChronoUnit.HOURS), 60, 6));
        }
    }

    @AfterAll
    static void closeBrowsers() {
        if (operator != null) {
            operator.close();
            viewer.close();
        }
    }

    static void awaitCharts(Browser browser) {
        Awaitility.await("the charts are drawn").atMost(Duration.ofSeconds(20))
                .until(() -> browser.script("return window.gamedayChartsDrawn") != null);
    }

    @Test
    void aFinishedRunShowsItsVerdictAndOneShadedWindowPerFaultStep() {
        operator.open("/ui/runs/" + passed.id());
        awaitCharts(operator);

        assertThat(operator.text("#verdict")).isEqualToIgnoringCase("pass");
        List<WebElement> windows = operator.all("#chart-rates .fault-window");
        assertThat(windows).hasSize(2);
        assertThat(windows).extracting(WebElement::getText)
                .containsExactly("step 1 · kill · gdtest-kafka-1", "step 2 · pause · gdtest-kafka-2");
        assertThat(windows.get(0).getSize().getWidth()).as("20 s of 120 on the chart").isGreaterThan(50);
        assertThat(operator.all("#chart-latency .fault-window")).hasSize(2);
        assertThat(operator.all("#partitions tr.partition")).hasSize(6);
        assertThat(operator.text("#reasons")).contains("Every clause of the hypothesis held.");
        assertThat(operator.text("#definition pre")).contains("- fault: kill").contains("duration: 20s");
        assertThat(operator.all("form[action$='/replay']")).hasSize(1);
        operator.screenshot("run-pass");
    }

    @Test
    void aRunningRunsPageFollowsTheRunAndShowsItsEnd() {
        RunReport finished = RunFixtures.passed("broker-pause", Instant.now().minus(10, ChronoUnit.MINUTES), 60, 6);
        store.save(RunFixtures.running(finished, 20));
        operator.open("/ui/runs/" + finished.id());
        awaitCharts(operator);
        assertThat(operator.text("#verdict")).isEqualToIgnoringCase("running");
        assertThat(operator.text("#timeline-seconds")).isEqualTo("20");
        assertThat(operator.all("#chart-rates .fault-window")).as("the pause, applied since 15 s").hasSize(1);
        assertThat(operator.all("button.abort")).hasSize(1);
        operator.script("window.sameDocument = true");

        store.save(RunFixtures.running(finished, 40));
        Awaitility.await("the page polled the run").atMost(Duration.ofSeconds(20))
                .until(() -> operator.text("#timeline-seconds").equals("40"));
        assertThat(operator.script("return window.sameDocument")).as("updated in place, not reloaded").isEqualTo(true);

        store.save(finished);
        Awaitility.await("the page shows the run's end").atMost(Duration.ofSeconds(20)).ignoreExceptions() // it reloads
                .until(() -> operator.text("#verdict").equalsIgnoreCase("pass"));
        assertThat(operator.all("button.abort")).isEmpty();
    }

    @Test
    void aFailingRunShowsEveryReasonAndItsLostWriteRanges() {
        operator.open("/ui/runs/" + failed.id());
        awaitCharts(operator);

        assertThat(operator.text("#verdict")).isEqualToIgnoringCase("fail");
        assertThat(operator.all("#reasons li")).extracting(WebElement::getText).containsExactly(
                "lost writes: 145, allowed 0 (p0: 1200-1340, 1502; p3: 88-90)",
                "duplicates: 1, allowed 0 (p1: seq 77 at offsets 77 and 79)");
        assertThat(operator.all("ul.lost li")).extracting(WebElement::getText)
                .containsExactly("p0: 1200-1340, 1502", "p3: 88-90");
        assertThat(operator.all("#anomalies tr.anomaly")).hasSize(3);
        operator.screenshot("run-fail");
    }

    @Test
    void eachExperimentShowsItsLastVerdictAndItsRecentRuns() {
        operator.open("/ui/");
        assertThat(operator.text("tr[data-experiment='leader-kill'] .verdict")).isEqualToIgnoringCase("fail");
        assertThat(operator.all("tr[data-experiment='leader-kill'] .strip a"))
                .extracting(chip -> chip.getAttribute("class"))
                .endsWith("chip pass", "chip fail", "chip pass", "chip pass", "chip pass", "chip pass", "chip fail");
        assertThat(operator.text("tr[data-experiment='broker-pause'] .verdict")).isEqualToIgnoringCase("pass");
        operator.click("tr[data-experiment='leader-kill'] a.name");
        assertThat(operator.url()).endsWith("/ui/runs/" + failed.id());
    }

    @Test
    void theReportFileDrawsItsChartsWithoutTheService() throws Exception {
        String report = given().when().get("/api/runs/" + failed.id() + "/report.html").then().statusCode(200)
                .extract().asString();
        java.nio.file.Path file = Browser.SCREENSHOTS.resolve("report.html").toAbsolutePath();
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, report);

        operator.open(file.toUri().toString());
        awaitCharts(operator);
        assertThat(operator.all("#chart-rates .fault-window")).hasSize(2);
        assertThat(operator.all("ul.lost li")).hasSize(2);
        assertThat(operator.all("form")).isEmpty();
        operator.screenshot("report");
    }

    @Test
    void aDescriptionWithAScriptRendersAsText() {
        operator.open("/ui/");
        assertThat(operator.text("tr[data-experiment='leader-kill'] .desc"))
                .isEqualTo("SIGKILL the leader of partition 0 <script>alert('pwned')</script> & see that nothing "
                        + "acknowledged is lost.");
        operator.open("/ui/runs/" + failed.id());
        assertThat(operator.text("#description")).contains("<script>alert('pwned')</script>");
        assertThat(operator.alertShown()).isFalse();
        operator.open("/ui/");
        operator.screenshot("experiments");
    }

    @Test
    void aViewerSeesNoOperatorButtons() {
        for (String page : List.of("/ui/", "/ui/runs/" + failed.id(), "/ui/schedules", "/ui/faults")) {
            viewer.open(page);
            assertThat(viewer.all("form")).as(page).isEmpty();
            assertThat(viewer.all("button")).as(page).isEmpty();
        }
        viewer.open("/ui/");
        assertThat(viewer.text("header .who")).isEqualTo("viewer · viewer");
        viewer.screenshot("experiments-viewer");
        operator.open("/ui/");
        assertThat(operator.all("button.run-now")).hasSize(2);
        assertThat(operator.all("button.dry-run")).hasSize(2);
    }

    @Test
    void aForgedPostFromAViewerIsRefused() {
        viewer.open("/ui/schedules");
        Object status = viewer.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/ui/schedules/pause', {method: 'POST', body: new URLSearchParams({'csrf-token': 'forged'})})"
                + ".then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        given().when().get("/api/schedules").then().body(containsString("\"paused\":false"));
    }

    @Test
    void aCrossOriginPostWithoutTheTokenIsRefused() throws Exception {
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String target = service.toString().replaceAll("/$", "") + "/ui/schedules/pause";
        byte[] page = ("<!DOCTYPE html><title>elsewhere</title><form id='f' method='post' action='" + target + "'>"
                + "<input type='hidden' name='dryRun' value='false'></form>"
                + "<script>document.getElementById('f').submit()</script>").getBytes(StandardCharsets.UTF_8);
        elsewhere.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        elsewhere.start();
        try {
            operator.open("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
            Awaitility.await("the form was posted").atMost(Duration.ofSeconds(10))
                    .until(() -> operator.url().startsWith(target));
            assertThat(operator.body()).contains("cross-origin request refused");
            operator.screenshot("cross-origin-refused");
        } finally {
            elsewhere.stop(0);
        }
        given().when().get("/api/schedules").then().body(containsString("\"paused\":false"));
    }

    @Test
    void anOperatorPausesTheSchedulesWithTheSwitch() {
        operator.open("/ui/schedules");
        assertThat(operator.text("#schedule-state")).contains("active");
        operator.click("#pause-switch");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> operator.text("#schedule-state").contains("paused"));
        assertThat(operator.all("#schedules tbody tr")).hasSize(1);
        operator.screenshot("schedules");
        operator.click("#pause-switch");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> operator.text("#schedule-state").contains("active"));
    }

    @Test
    void anUnknownRunIsA404Page() {
        operator.open("/ui/runs/" + UUID.randomUUID());
        assertThat(operator.text("h1.error")).isEqualTo("404 · not found");
        assertThat(operator.text(".error-message")).startsWith("no run ");
        assertThat(operator.body()).doesNotContain("Exception", "at dev.gameday");
        operator.screenshot("not-found");
    }

    @Test
    void aSuiteRunListsItsRuns() {
        String suiteId = UUID.randomUUID().toString();
        Instant monthAgo = Instant.now().minus(30, ChronoUnit.DAYS); // older than the other tests' runs
        RunReport first = RunFixtures.inSuite(RunFixtures.failed("leader-kill", monthAgo), suiteId);
        RunReport second = RunFixtures.inSuite(RunFixtures.passed("broker-pause", monthAgo, 60, 6), suiteId);
        store.save(RunFixtures.suite(suiteId, List.of(first, second)), List.of());
        store.save(first);
        store.save(second);
        store.save(RunFixtures.suite(suiteId, List.of(first, second)), List.of(first.id(), second.id()));

        operator.open("/ui/suite-runs/" + suiteId);
        assertThat(operator.text("#verdict")).isEqualToIgnoringCase("fail");
        assertThat(operator.all("#suite-runs tbody tr")).hasSize(2);
        operator.screenshot("suite-run");
        operator.open("/ui/faults");
        assertThat(operator.text("#faults")).contains("No fault is applied right now.");
        operator.screenshot("faults");
    }
}
