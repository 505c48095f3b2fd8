package dev.gameday.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * The pages' tests: the experiments of src/test/resources/experiments-pages, no cluster reachable,
 * a results database of their own (fresh each run, so the pages show only the runs the tests store).
 */
public class PagesProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gameday.experiments.dir", RunFixtures.EXPERIMENTS.toString(),
                "gameday.kafka.bootstrap-servers", "127.0.0.1:9",
                "gameday.kafka.request-timeout", "1s",
                "gameday.data-dir", "./target/pages-data/" + UUID.randomUUID());
    }
}
