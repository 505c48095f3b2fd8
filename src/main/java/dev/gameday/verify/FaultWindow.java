package dev.gameday.verify;

import java.time.Instant;
import java.util.List;

/** When a fault was applied: from its injection to its revert. */
public record FaultWindow(int step, String fault, List<String> targets, Instant start, Instant end) {}
