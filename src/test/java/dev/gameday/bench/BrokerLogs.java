package dev.gameday.bench;

import dev.gameday.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab brokers' logs (kept next to run.json) read for two moments of a kill: when the broker died
 * (the first time a surviving broker saw its connection drop) and when the controller fenced it.
 * The brokers log in UTC.
 */
final class BrokerLogs {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern LINE = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})] (.*)$");
    private static final Pattern DISCONNECTED = Pattern.compile("\\] Node (\\d+) disconnected\\.");
    private static final Pattern FENCED = Pattern.compile("Fencing broker (\\d+) at epoch \\d+ because its session has timed out");

    private record Event(Instant at, int node) {}

    private final List<Event> disconnects = new ArrayList<>();
    private final List<Event> fences = new ArrayList<>();

    private BrokerLogs() {}

    /** Writes each broker's log to {@code <container>.log} in the directory and reads them. */
    static BrokerLogs keep(Lab lab, Path dir) throws Exception {
        BrokerLogs logs = new BrokerLogs();
        for (int node = 1; node <= 3; node++) {
            String container = lab.containerOfNode(node);
            String text = Lab.Docker.output(Duration.ofMinutes(1), "logs", container);
            Files.writeString(dir.resolve(container + ".log"), text);
            text.lines().forEach(logs::read);
        }
        logs.disconnects.sort((a, b) -> a.at().compareTo(b.at()));
        logs.fences.sort((a, b) -> a.at().compareTo(b.at()));
        return logs;
    }

    private void read(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return;
        }
        Instant at = LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC);
        Matcher d = DISCONNECTED.matcher(m.group(2));
        if (d.find()) {
            disconnects.add(new Event(at, Integer.parseInt(d.group(1))));
        }
        Matcher f = FENCED.matcher(m.group(2));
        if (f.find()) {
            fences.add(new Event(at, Integer.parseInt(f.group(1))));
        }
    }

    /** From the node's death after the kill was requested to its fencing; null if either is missing. */
    Long fencedAfterMs(int node, Instant killRequested) {
        Instant died = first(disconnects, node, killRequested);
        Instant fenced = died == null ? null : first(fences, node, died);
        return fenced == null ? null : Duration.between(died, fenced).toMillis();
    }

    private static Instant first(List<Event> events, int node, Instant after) {
        return events.stream().filter(e -> e.node() == node && !e.at().isBefore(after)).map(Event::at).findFirst()
                .orElse(null);
    }
}
