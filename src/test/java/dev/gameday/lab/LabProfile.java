package dev.gameday.lab;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service on the shared test lab with the experiments of src/test/resources/experiments-it,
 * schedules paused (ScheduleIT resumes them over the API) and consumer lag read every 2 s. One
 * profile for every class that needs no other, since each profile is an application of its own
 * that Quarkus builds and starts again (~35 s on this machine).
 */
public class LabProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gameday.experiments.dir", "src/test/resources/experiments-it",
                "gameday.schedules.paused", "true",
                "gameday.lag.interval", "2s");
    }
}
