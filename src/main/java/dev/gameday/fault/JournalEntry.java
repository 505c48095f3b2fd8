package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the fault journal. The INJECTING entry of a fault carries its effects; later entries
 * of the same fault only move its state.
 *
 * <p>The format is versioned. Version 3 (this one) writes {@code "v": 3} first, the service's Docker
 * engine ({@code "engine": "unix:///var/run/docker.sock"}) on every line and, on the line with the
 * effects, the engine of each effect's container ({@code "engines": {"3f2a...": "tcp://10.0.0.2:2376"}}):
 * with several engines (dev.gameday.docker.EngineRouter) a fault's containers may be on several.
 * Version 2 lines have no {@code engines}: every effect is on {@code engine}. Version 1 lines have
 * neither; they load as they are and mean the engine the service is configured with.
 *
 * @param v       the format's version: 3 when written here, null when read from a version 1 line
 * @param engine  the endpoint of the service's Docker engine(s); null on a version 1 line
 * @param engines container id to the endpoint of its engine, on the line with the effects; null before version 3
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(Integer v, String faultId, String runId, String experiment, int step, String fault, State state,
                           Instant at, Instant deadline, List<Effect> effects, String note, String engine,
                           Map<String, String> engines) {

    /** The version this service writes. */
    public static final int VERSION = 3;

    /** An entry as this service writes it, in the current format. */
    public static JournalEntry of(String faultId, String runId, String experiment, int step, String fault, State state,
                                  Instant at, Instant deadline, List<Effect> effects, String note, String engine,
                                  Map<String, String> engines) {
        return new JournalEntry(VERSION, faultId, runId, experiment, step, fault, state, at, deadline, effects, note,
                engine, engines);
    }

    /** The same fault, moved to another state, in the current format. */
    public JournalEntry next(State next, Instant now, String why) {
        return of(faultId, runId, experiment, step, fault, next, now, deadline, null, why, engine, null);
    }

    /** The format's version of this line: 1 for a line written before versions were. */
    public int version() {
        return v == null ? 1 : v;
    }

    /** The engine of the effects: a version 1 line's is the one the service is configured with. */
    public String engineOr(String configured) {
        return engine == null ? configured : engine;
    }

    /**
     * The engine of the effect on this container: the one recorded for it (version 3), else that of
     * the whole fault (version 2), else the one the service is configured with (version 1).
     */
    public String engineOf(String containerId, String configured) {
        String own = engines == null ? null : engines.get(containerId);
        return own != null ? own : engineOr(configured);
    }

    /** Whether the line the fault's effects were on could be read; if not, recovery must find them itself. */
    public boolean effectsKnown() {
        return effects != null;
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
