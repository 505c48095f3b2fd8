package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One line of the fault journal. The INJECTING entry of a fault carries its effects; later entries
 * of the same fault only move its state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String faultId, String runId, String experiment, int step, String fault, State state,
                           Instant at,
                           Instant deadline, List<Effect> effects, String note) {

    /** The same fault, moved to another state. */
    public JournalEntry next(State next, Instant now, String why) {
        return new JournalEntry(faultId, runId, experiment, step, fault, next, now, deadline, null, why);
    }

    public enum State {
        /** Written before the first Docker call: the fault may be partly applied. */
        INJECTING,
        /** Every effect applied. */
        ACTIVE,
        /** Every effect reverted. */
        REVERTED,
        /** Injection failed; whatever had been applied was reverted. */
        FAILED;

        public boolean open() {
            return this == INJECTING || this == ACTIVE;
        }
    }

}
