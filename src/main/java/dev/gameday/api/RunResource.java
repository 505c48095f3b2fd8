package dev.gameday.api;

import dev.gameday.GamedayException;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.store.RunStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Runs: list with filters, read one (live while it runs), abort one. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final ExperimentRunner runner;
    private final RunStore store;
    private final RunReportRenderer pages;

    public RunResource(ExperimentRunner runner, RunStore store, RunReportRenderer pages) {
        this.runner = runner;
        this.store = store;
        this.pages = pages;
    }

    @GET
    @Operation(summary = "Runs, newest first; filter by experiment, verdict (pass, fail, aborted, skipped, error, "
            + "interrupted, running) and time")
    public List<RunReport> list(@QueryParam("experiment") String experiment, @QueryParam("verdict") String verdict,
                                @QueryParam("since") String since, @QueryParam("until") String until,
                                @QueryParam("limit") @DefaultValue("100") int limit) {
        return store.list(experiment, status(verdict), instant("since", since), instant("until", until),
                Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One run: status, steps, fault windows, anomalies, measured values, verdict and reasons")
    public RunReport get(@PathParam("id") String id) {
        return runner.find(id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "One run as a self-contained HTML report (charts and data inlined), to attach to a ticket")
    public Response report(@PathParam("id") String id) {
        RunReport run = get(id);
        return Response.ok(pages.report(run))
                .header("Content-Disposition", "inline; filename=\"gameday-" + run.experiment() + "-" + id + ".html\"")
                .build();
    }

    @POST
    @Path("/{id}/abort")
    @Operation(summary = "Abort a run in progress: its faults are reverted at once; 409 if it has ended")
    public Response abort(@PathParam("id") String id) {
        if (runner.current(id).isEmpty()) {
            RunReport ended = runner.find(id).orElseThrow(() -> notFound(id));
            throw new GamedayException(GamedayException.Kind.CONFLICT, "run " + id + " has already ended ("
                    + ended.status().label() + "); only a running run can be aborted");
        }
        runner.abort(id, "aborted over HTTP");
        return Response.accepted(runner.find(id).orElseThrow()).build();
    }

    private static GamedayException notFound(String id) {
        return new GamedayException(GamedayException.Kind.NOT_FOUND, "no run " + id);
    }

    private static RunStatus status(String verdict) {
        if (verdict == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(verdict.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GamedayException(GamedayException.Kind.INVALID, "verdict: '" + verdict
                    + "' is none of pass, fail, aborted, skipped, error, "
                    + "interrupted, running");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new GamedayException(GamedayException.Kind.INVALID, name + ": '" + value
                    + "' is not an ISO-8601 instant like 2026-11-27T03:00:00Z");
        }
    }
}
