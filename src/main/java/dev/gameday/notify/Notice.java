package dev.gameday.notify;

import dev.gameday.run.RunReport;
import java.time.Instant;
import java.util.List;

/**
 * What a webhook is told when a run ends: the body of a {@code json} webhook, and the text of a
 * {@code slack} one.
 *
 * @param url the run's page, when gameday.notify.base-url is set
 */
public record Notice(String event, String id, String experiment, String status, List<String> reasons, String trigger,
                     long seed, String suiteRunId, Instant requestedAt, Instant startedAt, Instant endedAt, String url) {

    static final String RUN_FINISHED = "run-finished";

    static Notice of(RunReport run, String baseUrl) {
        return new Notice(RUN_FINISHED, run.id(), run.experiment(), run.status().name(), run.reasons(), run.trigger(),
                run.seed(), run.suiteRunId(), run.requestedAt(), run.startedAt(), run.endedAt(),
                baseUrl == null ? null : baseUrl.replaceAll("/+$", "") + "/ui/runs/" + run.id());
    }

    /** One Slack message: "leader-kill: FAIL" and each reason on its own line, then the link. */
    String text() {
        StringBuilder text = new StringBuilder("kafka-gameday: *").append(experiment).append("* ").append(status)
                .append(" (run ").append(id).append(", ").append(trigger).append(")");
        reasons.forEach(r -> text.append("\n• ").append(r));
        if (url != null) {
            text.append("\n<").append(url).append("|Open the run>");
        }
        return text.toString();
    }
}
