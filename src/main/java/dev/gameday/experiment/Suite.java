package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A game day: experiments run one after the other, in order, from a YAML file of
 * {@code experiments/suites/}. It passes when every experiment passes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suite(String name, String description, String schedule, List<String> experiments, Boolean stopOnFailure) {

    public Suite {
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        stopOnFailure = stopOnFailure != null && stopOnFailure;
    }
}
