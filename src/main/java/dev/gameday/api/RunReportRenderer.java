package dev.gameday.api;

import dev.gameday.run.RunReport;

/**
 * A run as one self-contained HTML file (GET /api/runs/{id}/report). The pages render it
 * ({@code web.RunPages}): the API depends on this, not on them, as the pages depend on the API.
 */
public interface RunReportRenderer {

    String report(RunReport run);
}
