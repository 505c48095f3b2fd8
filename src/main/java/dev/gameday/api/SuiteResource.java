package dev.gameday.api;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.Suite;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.run.suite.SuiteRunner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Game-day suites: named, ordered lists of experiments, run one after the other. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {

    private final Catalog catalog;
    private final SuiteRunner suites;

    public SuiteResource(Catalog catalog, SuiteRunner suites) {
        this.catalog = catalog;
        this.suites = suites;
    }

    @GET
    @Path("/suites")
    @Operation(summary = "Every suite")
    public List<Suite> list() {
        return List.copyOf(catalog.current().suites().values());
    }

    @POST
    @Path("/suites/{name}/runs")
    @Operation(summary = "Run a suite now: 202 and the suite run's Location")
    public Response run(@PathParam("name") String name) {
        SuiteRunReport run = suites.start(catalog.suite(name), ExperimentResource.HTTP);
        return Response.accepted(run).location(URI.create("/api/suite-runs/" + run.id())).build();
    }

    @GET
    @Path("/suite-runs/{id}")
    @Operation(summary = "A suite run and the runs of its experiments")
    public SuiteRunReport get(@PathParam("id") String id) {
        return suites.get(id);
    }

    @GET
    @Path("/suite-runs/{id}/junit.xml")
    @Produces(MediaType.APPLICATION_XML)
    @Operation(summary = "A finished suite run as JUnit XML: each experiment a test case, its reasons the failure; "
            + "409 while it runs")
    public String junit(@PathParam("id") String id) {
        SuiteRunReport suite = suites.get(id);
        if (!suite.status().finished()) {
            throw new GamedayException(GamedayException.Kind.CONFLICT, "suite run " + id
                    + " is still running; its JUnit report is written once it has ended");
        }
        return JunitXml.of(suite);
    }

    @POST
    @Path("/suite-runs/{id}/abort")
    @Operation(summary = "Abort a suite run: its current run is aborted, no further experiment starts")
    public Response abort(@PathParam("id") String id) {
        suites.abort(id, "aborted over HTTP");
        return Response.accepted(suites.get(id)).build();
    }
}
