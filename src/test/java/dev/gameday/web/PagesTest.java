package dev.gameday.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.gameday.api.ApiCredentials;
import dev.gameday.api.JunitXmlTest;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.store.RunStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages over HTTP, without a browser: what they say, what they escape, who may post, and that
 * forms without their CSRF token or from another origin are refused. The browser tests are PagesIT.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PagesTest {

    @Inject
    RunStore store;

    RunReport failed;

    @BeforeEach
    void storedRuns() {
        ApiCredentials.asOperator();
        failed = RunFixtures.failed("leader-kill", Instant.now().minus(1, ChronoUnit.HOURS));
        store.save(failed);
    }

    @Test
    void theRootLeadsToTheExperiments() {
        given().redirects().follow(false).when().get("/").then().statusCode(303)
                .header("Location", containsString("/ui/"));
        given().when().get("/ui").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("broker-pause"), containsString("leader-kill"));
    }

    @Test
    void thePagesNeedCredentialsAndServeUplotThemselves() {
        given().auth().none().when().get("/ui/").then().statusCode(401);
        given().auth().none().when().get("/ui/runs/" + failed.id()).then().statusCode(401);
        given().auth().none().formParam("csrf-token", "x").when().post("/ui/schedules/pause").then().statusCode(401);
        String page = given().when().get("/ui/runs/" + failed.id()).then().statusCode(200).extract().asString();
        assertThat(page).contains("src=\"" + Assets.UPLOT_JS + "\"").doesNotContain("https://");
        given().auth().none().when().get(Assets.UPLOT_JS).then().statusCode(200)
                .body(containsString("var uPlot=function()"));
        given().auth().none().when().get(Assets.RUN_JS).then().statusCode(200)
                .body(containsString("gamedayChartsDrawn"));
    }

    @Test
    void theRunPageShowsTheGroupsRebalanceAndResumeEachFaultAndEveryAnomalyKind() {
        RunReport consuming = RunFixtures.consuming(RunFixtures.failed("leader-kill", Instant.now()));
        store.save(consuming);
        String page = given().when().get("/ui/runs/" + consuming.id()).then().statusCode(200).extract().asString();

        assertThat(page).contains("id=\"group-figures\"", "<span class=\"bad\">never settled</span>",
                "<td class=\"rebalance\">4,200 ms</td>", "not settled: no member owned p1 when probing ended",
                "<td class=\"resume\">3,101 ms</td>", "id=\"transaction-figures\"",
                "<tr class=\"anomaly skip\"><td>skip</td><td>p2</td><td>12</td>",
                "offsets 400-411 (seq 400-411): the group&#39;s committed offset reached 412");
    }

    @Test
    void aDescriptionIsEscaped() {
        String page = given().when().get("/ui").then().statusCode(200).extract().asString();
        assertThat(page).contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; see")
                .doesNotContain("<script>alert(");
        String run = given().when().get("/ui/runs/" + failed.id()).then().statusCode(200).extract().asString();
        assertThat(run).doesNotContain("<script>alert(").contains("&lt;script&gt;alert(");
        // in the embedded JSON too: no '<' that could end the script element
        String json = run.substring(run.indexOf("id=\"run-data\">"), run.lastIndexOf("</script>"));
        assertThat(json).doesNotContain("<script").contains("\\u003cscript>alert(");
    }

    @Test
    void theRunPageShowsVerdictReasonsAndLostRanges() {
        given().when().get("/ui/runs/" + failed.id()).then().statusCode(200)
                .body(containsString("class=\"verdict fail\" id=\"verdict\">fail"),
                        containsString("lost writes: 145, allowed 0"),
                        containsString("<code>p0: 1200-1340, 1502</code>"),
                        containsString("<code>p3: 88-90</code>"),
                        containsString("Replay with seed 4242"));
    }

    @Test
    void anInterruptedRunShowsThePhaseTheServiceStoppedInAndItsFiguresSoFar() {
        RunReport r = RunFixtures.running(RunFixtures.failed("broker-pause", Instant.now().minus(2, ChronoUnit.HOURS)), 40);
        store.checkpoint(new RunReport(r.id(), r.experiment(), null, RunStatus.RUNNING, "faults", r.trigger(), r.seed(),
                r.requestedAt(), r.startedAt(), null, r.reasons(), r.steps(), null, null, r.timeline(), r.definition(),
                r.probesStartedAt()), r.probesStartedAt().plusSeconds(40));
        store.closeAbandoned(Instant.now(), Instant.now());

        given().when().get("/ui/runs/" + r.id()).then().statusCode(200)
                .body(containsString("class=\"verdict interrupted\" id=\"verdict\">interrupted"),
                        containsString("stopped in faults"),
                        containsString("the service stopped while the run was in its faults phase, between its last "
                                + "checkpoint at"));
        given().when().get("/api/runs?experiment=broker-pause&verdict=interrupted").then().statusCode(200)
                .body(containsString(r.id()));
    }

    @Test
    void anUnknownRunIsA404Page() {
        given().when().get("/ui/runs/no-such-run").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("no run no-such-run"), not(containsString("Exception")));
        given().when().get("/ui/experiments/nope/latest").then().statusCode(404)
                .body(containsString("experiment nope has no run yet"));
    }

    @Test
    void theLatestRunOfAnExperimentIsARedirect() {
        given().redirects().follow(false).when().get("/ui/experiments/leader-kill/latest").then().statusCode(303)
                .header("Location", containsString("/ui/runs/"));
    }

    @Test
    void aViewerSeesNoButtonsAndCannotPost() {
        String page = given().auth().preemptive().basic(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD)
                .when().get("/ui").then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain("<form").doesNotContain("Run now");
        String token = csrfToken(given().when().get("/ui/schedules").asString());
        given().auth().preemptive().basic(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD)
                .formParam("csrf-token", token)
                .when().post("/ui/schedules/pause").then().statusCode(403);
    }

    @Test
    void aFormWithoutItsTokenOrFromAnotherOriginIsRefused() {
        given().formParam("dryRun", "false").when().post("/ui/schedules/pause").then().statusCode(403)
                .body(containsString("CSRF token is missing or wrong"));
        given().formParam("csrf-token", "forged").when().post("/ui/schedules/pause").then().statusCode(403);
        given().formParam("csrf-token", csrfToken(given().when().get("/ui/schedules").asString()))
                .header("Origin", "http://evil.example:8080")
                .when().post("/ui/schedules/pause").then().statusCode(403)
                .body(containsString("cross-origin request refused"));
        given().when().get("/api/schedules").then().body(containsString("\"paused\":false"));
        // the JSON API is refused from another origin as well, and still works for programs
        given().header("Origin", "http://evil.example").when().post("/api/schedules/pause").then().statusCode(403);
        given().when().post("/api/schedules/resume").then().statusCode(200);
    }

    @Test
    void anOperatorPausesAndResumesTheSchedulesWithTheForm() {
        String token = csrfToken(given().when().get("/ui/schedules").asString());
        given().redirects().follow(false).formParam("csrf-token", token)
                .when().post("/ui/schedules/pause").then().statusCode(303);
        given().when().get("/api/schedules").then().body(containsString("\"paused\":true"));
        given().formParam("csrf-token", token)
                .when().post("/ui/schedules/resume").then().statusCode(200).body(containsString("are <strong>active"));
    }

    @Test
    void theReportIsOneFileWithItsChartsAndData() {
        String report = given().when().get("/api/runs/" + failed.id() + "/report.html").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(report).contains("var uPlot=function()", "id=\"run-data\"", "p0: 1200-1340, 1502",
                        "window.gamedayChartsDrawn")
                .doesNotContain("<script src=", "<link rel=\"stylesheet\"", "<form", "<script>alert(");
        given().when().get("/api/runs/nope/report.html").then().statusCode(404);
    }

    @Test
    void aFinishedSuiteRunIsValidJunitXml() throws Exception {
        String suiteId = java.util.UUID.randomUUID().toString();
        RunReport pass = RunFixtures.inSuite(RunFixtures.passed("broker-pause", Instant.now(), 60, 6), suiteId);
        RunReport fail = RunFixtures.inSuite(RunFixtures.failed("leader-kill", Instant.now()), suiteId);
        store.save(RunFixtures.suite(suiteId, java.util.List.of(fail, pass)), java.util.List.of());
        store.save(fail);
        store.save(pass);
        store.save(RunFixtures.suite(suiteId, java.util.List.of(fail, pass)), java.util.List.of(fail.id(), pass.id()));

        String xml = given().when().get("/api/suite-runs/" + suiteId + "/junit.xml").then().statusCode(200)
                .contentType(containsString("application/xml")).extract().asString();
        JunitXmlTest.validate(xml);
        assertThat(JunitXmlTest.xpath(xml, "//testcase[@name='leader-kill']/failure/@message"))
                .startsWith("lost writes: 145");
        given().when().get("/ui/suite-runs/" + suiteId).then().statusCode(200)
                .body(containsString("Suite day"), containsString("/ui/runs/" + fail.id()));
    }

    static String csrfToken(String html) {
        String marker = "name=\"csrf-token\" value=\"";
        int at = html.indexOf(marker);
        assertThat(at).as("a CSRF field in the page").isPositive();
        return html.substring(at + marker.length(), html.indexOf('"', at + marker.length()));
    }
}
