package dev.gameday.api;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Step;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.json.Durations;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Faults by hand, outside any experiment: inject one now, see what is active, revert it. Each
 * fault still goes through the journal and has a deadline.
 */
@Path("/api/faults")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FaultResource {

    static final String AD_HOC = "ad-hoc";

    private final FaultInjector injector;

    public FaultResource(FaultInjector injector) {
        this.injector = injector;
    }

    @GET
    @Operation(summary = "Faults applied right now, by any run or by hand")
    public List<ActiveFault> active() {
        return injector.active();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One active fault")
    public ActiveFault get(@PathParam("id") String id) {
        return find(id);
    }

    @POST
    @Operation(summary = "Inject a fault now; it is reverted after its duration, or with DELETE")
    public Response inject(Step step) {
        if (!step.at().isZero()) {
            throw new GamedayException(GamedayException.Kind.INVALID, "at: a fault injected by hand starts now; remove 'at'");
        }
        if (step.clientSide()) {
            throw new GamedayException(GamedayException.Kind.INVALID, "fault: " + step.type() + " acts on a run's own "
                    + "probes; only a step of an experiment can apply it");
        }
        long seed = new Random().nextLong();
        ActiveFault fault = injector.inject(new FaultRequest(AD_HOC + "-" + UUID.randomUUID(), AD_HOC, 0,
                step.fault(), step.target(), step.duration(), new Random(seed)));
        injector.revertAfter(fault.id(), step.duration(), "its duration of " + Durations.format(step.duration()) + " ended");
        return Response.created(URI.create("/api/faults/" + fault.id())).entity(fault).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revert an active fault")
    public ActiveFault revert(@PathParam("id") String id) {
        ActiveFault fault = find(id);
        injector.revert(id, "reverted over HTTP");
        return fault;
    }

    private ActiveFault find(String id) {
        return injector.active().stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new GamedayException(GamedayException.Kind.NOT_FOUND, "no active fault " + id));
    }
}
