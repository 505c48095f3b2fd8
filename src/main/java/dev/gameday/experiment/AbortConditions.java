package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * When a run stops early, reverting everything: the cluster probe has seen offline partitions, or
 * an unhealthy cluster, without a break for this long.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbortConditions(Duration offlinePartitionsFor, Duration unhealthyFor) {

    public static AbortConditions none() {
        return new AbortConditions(null, null);
    }
}
