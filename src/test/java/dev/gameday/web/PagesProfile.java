package dev.gameday.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The pages' tests: the experiments of src/test/resources/experiments-pages, no cluster reachable. */
public class PagesProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gameday.experiments.dir", RunFixtures.EXPERIMENTS.toString(),
                "gameday.kafka.bootstrap-servers", "127.0.0.1:9",
                "gameday.kafka.request-timeout", "1s");
    }
}
