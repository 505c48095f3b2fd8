package dev.gameday.api;

import dev.gameday.schedule.GameDaySchedules;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The cron schedules, and the one switch that pauses them all. */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final GameDaySchedules schedules;

    public ScheduleResource(GameDaySchedules schedules) {
        this.schedules = schedules;
    }

    public record Schedules(boolean paused, List<GameDaySchedules.Entry> schedules) {}

    @GET
    @Operation(summary = "Every schedule and when it fires next")
    public Schedules list() {
        return new Schedules(schedules.paused(), schedules.entries());
    }

    @POST
    @Path("/pause")
    @Operation(summary = "Pause every schedule (idempotent)")
    public Schedules pause() {
        schedules.pause(true);
        return list();
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Let the schedules fire again (idempotent)")
    public Schedules resume() {
        schedules.pause(false);
        return list();
    }
}
