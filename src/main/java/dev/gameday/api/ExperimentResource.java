package dev.gameday.api;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.DefinitionError;
import dev.gameday.experiment.Experiment;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.Plan;
import dev.gameday.run.Preflight;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.store.RunStore;
import dev.gameday.schedule.GameDaySchedules;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The experiment catalog: list, read, validate, reload, and run (or dry-run) an experiment. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    static final String HTTP = "http";

    private final Catalog catalog;
    private final ExperimentRunner runner;
    private final Preflight preflight;
    private final RunStore store;
    private final GameDaySchedules schedules;

    public ExperimentResource(Catalog catalog, ExperimentRunner runner, Preflight preflight, RunStore store,
                              GameDaySchedules schedules) {
        this.catalog = catalog;
        this.runner = runner;
        this.preflight = preflight;
        this.store = store;
        this.schedules = schedules;
    }

    /** An experiment with its last verdict and its next scheduled run. */
    public record ExperimentView(String name, String description, String schedule, Instant nextRun, LastRun lastRun,
                                 Experiment definition) {}

    public record LastRun(String id, RunStatus status, Instant endedAt, List<String> reasons) {}

    /** The outcome of a validation or a reload: what loaded, and every error with its file and line. */
    public record Validation(boolean valid, List<String> loaded, List<String> errors) {}

    @GET
    @Operation(summary = "Every experiment, with its last verdict and next scheduled run")
    public List<ExperimentView> list() {
        Map<String, RunReport> last = lastRuns();
        return catalog.current().experiments().values().stream()
                .map(e -> view(e, last.get(e.name()), false))
                .toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One experiment, with its definition")
    public ExperimentView get(@PathParam("name") String name) {
        Experiment experiment = catalog.experiment(name);
        return view(experiment, lastRuns().get(name), true);
    }

    @POST
    @Path("/validate")
    @Consumes({"application/yaml", "application/x-yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "Validate a definition (YAML or JSON), then check it against Docker and the cluster; "
            + "400 with each error and its line")
    public Validation validate(String definition) {
        var checked = catalog.check(definition == null ? "" : definition);
        List<DefinitionError> errors = checked.ok() ? preflight.check(checked) : checked.errors();
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return new Validation(true, List.of(checked.value().name()), List.of());
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Reload the experiments directory now (it is also rescanned every 10 s)")
    public Validation reload() {
        var loaded = catalog.reload();
        List<String> names = new java.util.ArrayList<>(loaded.experiments().keySet());
        names.addAll(loaded.suites().keySet().stream().map(s -> "suite " + s).toList());
        return new Validation(loaded.errors().isEmpty(), names, loaded.errors().stream().map(DefinitionError::toString).toList());
    }

    @POST
    @Path("/{name}/runs")
    @Operation(summary = "Run the experiment now: 202 and the run's Location; with dryRun=true, the plan only")
    public Response run(@PathParam("name") String name, @QueryParam("dryRun") boolean dryRun,
                        @QueryParam("seed") Long seed) {
        Experiment experiment = catalog.experiment(name);
        if (dryRun) {
            Plan plan = runner.dryRun(experiment, seed != null ? seed : new Random().nextLong());
            return Response.ok(plan).build();
        }
        RunReport run = runner.start(experiment, HTTP, seed, null);
        return Response.accepted(run).location(URI.create("/api/runs/" + run.id())).build();
    }

    private ExperimentView view(Experiment experiment, RunReport last, boolean withDefinition) {
        return new ExperimentView(experiment.name(), experiment.description(), experiment.schedule(),
                schedules.nextRun(experiment.name()).orElse(null),
                last == null ? null : new LastRun(last.id(), last.status(), last.endedAt(), last.reasons()),
                withDefinition ? experiment : null);
    }

    private Map<String, RunReport> lastRuns() {
        return store.latestPerExperiment().stream().collect(Collectors.toMap(RunReport::experiment, Function.identity(),
                (a, b) -> a.requestedAt().isAfter(b.requestedAt()) ? a : b));
    }

    /** A definition with errors: 400, every error in the body. */
    public static final class ValidationFailed extends GamedayException {
        final List<DefinitionError> errors;

        ValidationFailed(List<DefinitionError> errors) {
            super(Kind.INVALID, errors.size() + " error(s) in the definition: " + errors.get(0)
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
            this.errors = errors;
        }
    }
}
