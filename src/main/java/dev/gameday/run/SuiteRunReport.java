package dev.gameday.run;

import java.time.Instant;
import java.util.List;

/** A game-day suite run: its experiments' runs in order, and how it ended. */
public record SuiteRunReport(String id, String suite, RunStatus status, String trigger, Instant requestedAt,
                             Instant endedAt, List<String> reasons, List<RunReport> runs) {}
