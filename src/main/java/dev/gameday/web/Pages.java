package dev.gameday.web;

import dev.gameday.GamedayException;
import dev.gameday.api.ApiErrors;
import dev.gameday.api.auth.ApiAuthConfig;
import dev.gameday.api.auth.ApiUsers;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Suite;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.Plan;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.run.store.RunStore;
import dev.gameday.run.suite.SuiteRunner;
import dev.gameday.schedule.GameDaySchedules;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The pages: the API's second face, server-rendered, for the same users. Viewers read; operators
 * also get the buttons, each a form POST with a CSRF token ({@link CsrfCheck}), answered by a redirect
 * to what it changed.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@CsrfCheck.Checked
public class Pages {

    static final String TRIGGER = "ui";
    private static final int STRIP = 12;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance experiments(Page page, List<ExperimentRow> experiments, List<Suite> suites);

        static native TemplateInstance run(Page page, RunView view);

        static native TemplateInstance plan(Page page, Plan plan);

        static native TemplateInstance suiteRun(Page page, SuiteRunReport suite);

        static native TemplateInstance schedules(Page page, boolean paused, List<GameDaySchedules.Entry> entries);

        static native TemplateInstance faults(Page page, List<ActiveFault> faults);

        static native TemplateInstance error(Page page, int status, String reason, String message);
    }

    /** A row of the experiments page: the last runs oldest first, the latest finished one apart. */
    public record ExperimentRow(Experiment experiment, Instant nextRun, RunReport last, List<RunReport> recent) {}

    private final Catalog catalog;
    private final ExperimentRunner runner;
    private final SuiteRunner suites;
    private final RunStore store;
    private final GameDaySchedules schedules;
    private final FaultInjector faults;
    private final RunPages runPages;
    private final SecurityIdentity identity;
    private final ApiAuthConfig auth;

    public Pages(Catalog catalog, ExperimentRunner runner, SuiteRunner suites, RunStore store,
                 GameDaySchedules schedules, FaultInjector faults, RunPages runPages, SecurityIdentity identity,
                 ApiAuthConfig auth) {
        this.catalog = catalog;
        this.runner = runner;
        this.suites = suites;
        this.store = store;
        this.schedules = schedules;
        this.faults = faults;
        this.runPages = runPages;
        this.identity = identity;
        this.auth = auth;
    }

    @GET
    public Response root() {
        return seeOther("/ui/");
    }

    @GET
    @Path("ui")
    public TemplateInstance experiments() {
        List<ExperimentRow> rows = new ArrayList<>();
        for (Experiment experiment : catalog.current().experiments().values()) {
            List<RunReport> recent = new ArrayList<>(store.list(experiment.name(), null, null, null, STRIP));
            RunReport last = recent.stream().filter(r -> r.status().finished() && r.status() != RunStatus.SKIPPED)
                    .findFirst().orElse(null);
            Collections.reverse(recent);
            rows.add(new ExperimentRow(experiment, schedules.nextRun(experiment.name()).orElse(null), last, recent));
        }
        return Templates.experiments(page("Experiments"), rows, List.copyOf(catalog.current().suites().values()));
    }

    @GET
    @Path("ui/experiments/{name}/latest")
    public Response latest(@PathParam("name") String name) {
        RunReport latest = store.list(name, null, null, null, STRIP).stream()
                .filter(r -> r.status() != RunStatus.SKIPPED).findFirst()
                .orElseThrow(() -> new GamedayException(GamedayException.Kind.NOT_FOUND,
                        "experiment " + name + " has no run yet"));
        return seeOther("/ui/runs/" + latest.id());
    }

    @POST
    @Path("ui/experiments/{name}/runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@PathParam("name") String name, @RestForm boolean dryRun) {
        Experiment experiment = catalog.experiment(name);
        if (dryRun) {
            Plan plan = runner.dryRun(experiment, new Random().nextLong());
            return Response.ok(Templates.plan(page("Dry run of " + name), plan)).build();
        }
        return seeOther("/ui/runs/" + runner.start(experiment, TRIGGER, null, null).id());
    }

    @GET
    @Path("ui/runs/{id}")
    public TemplateInstance run(@PathParam("id") String id) {
        RunReport run = find(id);
        return Templates.run(page(run.experiment() + " " + run.status().label()), runPages.view(run));
    }

    @POST
    @Path("ui/runs/{id}/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@PathParam("id") String id) {
        RunReport run = find(id);
        Experiment experiment = catalog.experiment(run.experiment());
        return seeOther("/ui/runs/" + runner.start(experiment, TRIGGER, run.seed(), null).id());
    }

    @POST
    @Path("ui/runs/{id}/abort")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response abort(@PathParam("id") String id) {
        runner.abort(id, "aborted from the pages by " + user());
        return seeOther("/ui/runs/" + id);
    }

    @POST
    @Path("ui/suites/{name}/runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runSuite(@PathParam("name") String name) {
        return seeOther("/ui/suite-runs/" + suites.start(catalog.suite(name), TRIGGER).id());
    }

    @GET
    @Path("ui/suite-runs/{id}")
    public TemplateInstance suiteRun(@PathParam("id") String id) {
        SuiteRunReport suite = suites.get(id);
        return Templates.suiteRun(page("Suite " + suite.suite() + " " + suite.status().label()), suite);
    }

    @GET
    @Path("ui/schedules")
    public TemplateInstance schedules() {
        return Templates.schedules(page("Schedules"), schedules.paused(), schedules.entries());
    }

    @POST
    @Path("ui/schedules/{state:pause|resume}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@PathParam("state") String state) {
        schedules.pause(state.equals("pause"));
        return seeOther("/ui/schedules");
    }

    @GET
    @Path("ui/faults")
    public TemplateInstance faults() {
        return Templates.faults(page("Active faults"), faults.active());
    }

    @POST
    @Path("ui/faults/{id}/revert")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revert(@PathParam("id") String id) {
        if (faults.active().stream().noneMatch(f -> f.id().equals(id))) {
            throw new GamedayException(GamedayException.Kind.NOT_FOUND, "no active fault " + id);
        }
        faults.revert(id, "reverted from the pages by " + user());
        return seeOther("/ui/faults");
    }

    /** A page's own errors are pages too: the status, and the message that names the thing. */
    @ServerExceptionMapper
    public Response error(GamedayException e) {
        Response.Status status = ApiErrors.status(e.kind());
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.error(
                page(status.getReasonPhrase()), status.getStatusCode(), status.getReasonPhrase().toLowerCase(),
                e.getMessage())).build();
    }

    private RunReport find(String id) {
        return runner.find(id)
                .orElseThrow(() -> new GamedayException(GamedayException.Kind.NOT_FOUND, "no run " + id));
    }

    private Page page(String title) {
        boolean operator = !auth.authEnabled() || identity.hasRole(ApiUsers.OPERATOR);
        return new Page(title, user(), operator);
    }

    private String user() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
