package dev.gameday.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verdict of runs as a table a person reads at the end of a game day. */
final class VerdictTable {

    private static final String ROW = "  %-24s %-8s %16s %12s %6s  %s%n";

    private VerdictTable() {}

    static void header(PrintStream out) {
        out.printf(ROW, "experiment", "verdict", "unavailability", "recovery", "lost", "reasons");
    }

    /** One run: its verdict, the figures its promises are about, and every reason. */
    static void row(PrintStream out, JsonNode run) {
        JsonNode measured = run.path("measured");
        out.printf(ROW, run.path("experiment").asText(), run.path("status").asText(),
                millis(measured.path("unavailabilityMs")), millis(measured.path("recoveryMs")),
                measured.path("lostWrites").isNumber() ? measured.path("lostWrites").asText() : "-",
                String.join("; ", texts(run.path("reasons"))));
    }

    /** "12m 3s" between two instants the API gave; "-" if either is missing. */
    static String elapsed(JsonNode from, JsonNode to) {
        if (!from.isTextual() || !to.isTextual()) {
            return "-";
        }
        Duration d = Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText()));
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh %dm %ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%dm %ds", d.toMinutes(), d.toSecondsPart());
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String millis(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%,d ms", value.asLong()) : "-";
    }
}
