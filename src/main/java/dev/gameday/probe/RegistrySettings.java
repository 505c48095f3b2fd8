package dev.gameday.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry probe (the {@code probe.registry:} block): as a producer and a consumer of schemas do,
 * it registers a new version of a schema on one registry node and finds it by id on another, at a
 * steady rate, failing over to the other nodes as a client that knows them all would.
 *
 * @param ratePerSecond registrations a second, each followed by its lookup (2)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrySettings(Integer ratePerSecond) {

    public RegistrySettings {
        ratePerSecond = ratePerSecond == null ? 2 : ratePerSecond;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (ratePerSecond < 1 || ratePerSecond > 50) {
            problems.add("probe.registry.ratePerSecond: must be between 1 and 50, got " + ratePerSecond);
        }
        return problems;
    }
}
