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
 * The lab brokers' logs (kept next to run.json) read for the moments of a kill: when the broker died
 * (the first time a surviving broker saw its connection drop), when the controller fenced it, and
 * how its restart went (first log line, logs loaded, metadata caught up, unfenced). The brokers log
 * in UTC.
 */
final class BrokerLogs {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern LINE = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})] (.*)$");
    private static final Pattern DISCONNECTED = Pattern.compile("\\] Node (\\d+) disconnected\\.");
    private static final Pattern FENCED = Pattern.compile("Fencing broker (\\d+) at epoch \\d+ because its session has timed out");

    // a restarted broker's milestones, in its own log
    private static final Pattern FIRST_LINE = Pattern.compile("Registered `kafka:type=kafka.Log4jController` MBean");
    private static final Pattern LOGS_LOADED = Pattern.compile("Loaded \\d+ logs in (\\d+)ms");
    private static final Pattern CAUGHT_UP = Pattern.compile("The broker has caught up\\. Transitioning from STARTING to RECOVERY");
    private static final Pattern RUNNING = Pattern.compile("Transitioning from RECOVERY to RUNNING");

    /** Something a node logged; {@code value} is a number the line carried (0 if none). */
    private record Event(Instant at, int node, long value) {}

    /**
     * One restart of a broker, each milestone in ms after the container was started again (null
     * if not found): the JVM's first log line, its logs loaded (and how long loading took), its
     * metadata caught up with the quorum, unfenced (RUNNING).
     */
    record Restart(Long firstLineMs, Long logsLoadedMs, Long loadingMs, Long caughtUpMs, Long runningMs) {}

    private final List<Event> disconnects = new ArrayList<>();
    private final List<Event> fences = new ArrayList<>();
    private final List<Event> firstLines = new ArrayList<>();
    private final List<Event> logsLoaded = new ArrayList<>();
    private final List<Event> caughtUp = new ArrayList<>();
    private final List<Event> running = new ArrayList<>();

    private BrokerLogs() {}

    /** Writes each broker's log to {@code <container>.log} in the directory and reads them. */
    static BrokerLogs keep(Lab lab, Path dir) throws Exception {
        BrokerLogs logs = new BrokerLogs();
        for (int node = 1; node <= 3; node++) {
            String container = lab.containerOfNode(node);
            String text = Lab.Docker.output(Duration.ofMinutes(1), "logs", container);
            Files.writeString(dir.resolve(container + ".log"), text);
            int self = node;
            text.lines().forEach(line -> logs.read(self, line));
        }
        logs.disconnects.sort((a, b) -> a.at().compareTo(b.at()));
        logs.fences.sort((a, b) -> a.at().compareTo(b.at()));
        return logs;
    }

    private void read(int node, String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return;
        }
        Instant at = LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC);
        String text = m.group(2);
        if (FIRST_LINE.matcher(text).find()) {
            firstLines.add(new Event(at, node, 0));
        }
        Matcher loaded = LOGS_LOADED.matcher(text);
        if (loaded.find()) {
            logsLoaded.add(new Event(at, node, Long.parseLong(loaded.group(1))));
        }
        if (CAUGHT_UP.matcher(text).find()) {
            caughtUp.add(new Event(at, node, 0));
        }
        if (RUNNING.matcher(text).find()) {
            running.add(new Event(at, node, 0));
        }
        Matcher d = DISCONNECTED.matcher(m.group(2));
        if (d.find()) {
            disconnects.add(new Event(at, Integer.parseInt(d.group(1)), 0));
        }
        Matcher f = FENCED.matcher(m.group(2));
        if (f.find()) {
            fences.add(new Event(at, Integer.parseInt(f.group(1)), 0));
        }
    }

    /** From the node's death after the kill was requested to its fencing; null if either is missing. */
    Long fencedAfterMs(int node, Instant killRequested) {
        Instant died = first(disconnects, node, killRequested);
        Instant fenced = died == null ? null : first(fences, node, died);
        return fenced == null ? null : Duration.between(died, fenced).toMillis();
    }

    /** The milestones of the node's restart at {@code restartedAt}, the container's start. */
    Restart restart(int node, Instant restartedAt) {
        Event loaded = firstEvent(logsLoaded, node, restartedAt);
        return new Restart(after(restartedAt, firstEvent(firstLines, node, restartedAt)), after(restartedAt, loaded),
                loaded == null ? null : loaded.value(), after(restartedAt, firstEvent(caughtUp, node, restartedAt)),
                after(restartedAt, firstEvent(running, node, restartedAt)));
    }

    private static Long after(Instant start, Event event) {
        return event == null ? null : Duration.between(start, event.at()).toMillis();
    }

    private static Event firstEvent(List<Event> events, int node, Instant after) {
        return events.stream().filter(e -> e.node() == node && !e.at().isBefore(after)).findFirst().orElse(null);
    }

    private static Instant first(List<Event> events, int node, Instant after) {
        Event event = firstEvent(events, node, after);
        return event == null ? null : event.at();
    }
}
