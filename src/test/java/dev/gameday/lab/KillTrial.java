package dev.gameday.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.HaltPoints;
import dev.gameday.fault.FaultJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * One SIGKILL of the packaged service in the middle of a run, and what its next life does: starts the
 * service (a life of its own, with {@code lifeConfig}), starts a run, kills the process at the chosen
 * moment, notes what was applied and open then, starts it again and measures, from outside, when no
 * broker was paused or stopped any more, and, from its log, when it had reverted what the journal
 * showed open. The next life is left running for the caller to look at.
 */
public final class KillTrial {

    /** The service's own line (dev.gameday.fault.StartupRollback). */
    public static final Pattern ROLLBACK = Pattern.compile(
            "start-up rollback: (\\d+) of (\\d+) open fault\\(s\\) reverted (\\d+) ms after the process started");

    /** When to kill, once the run {@code runId} has started. */
    @FunctionalInterface
    public interface Moment {
        void await(ServiceProcess service, String runId);
    }

    /**
     * What one kill found.
     *
     * @param momentMs            the kill, in ms after the run was started
     * @param brokersAtKill       each broker's state when the process was killed
     * @param openAtKill          each fault the journal showed open then, with its state
     * @param revertedMs          when the next life said it had reverted them, in ms after its process started; null when none was open
     * @param brokersRunningMs    when no broker was paused or stopped any more, in ms after the next start was asked for
     * @param run                 the run as the next life stores it
     */
    public record Outcome(long momentMs, Map<String, String> brokersAtKill, List<String> openAtKill, Long revertedMs,
                          long brokersRunningMs, JsonNode run) {

        public String status() {
            return run.path("status").asText();
        }

        /** The phase the run was in when the service died, as its last checkpoint has it; "ended" if it had ended. */
        public String phase() {
            return status().equals("INTERRUPTED") ? run.path("phase").asText("?") : "ended " + status();
        }

        public String lastReason() {
            JsonNode reasons = run.path("reasons");
            return reasons.isEmpty() ? "" : reasons.get(reasons.size() - 1).asText();
        }
    }

    private final ServiceProcess service;
    private final Lab lab;

    public KillTrial(ServiceProcess service, Lab lab) {
        this.service = service;
        this.lab = lab;
    }

    /** Kills the process once it says it holds its thread at {@code point} (gameday.test.halt-at). */
    public static Moment atHaltPoint(HaltPoints.Point point) {
        return (service, runId) -> service.awaitLog(HaltPoints.LOG_LINE + point.label(), Duration.ofMinutes(5));
    }

    /**
     * A moment drawn within kill-pause's length: its runs took 31-32 s from the start to the verdict,
     * the revert 27 s in (bench/run.sh kills 10, 2026-11-28), so kills drawn over 45 s landed after the
     * end 3 times in 10; over 30 s every one lands in warm-up, the fault, the revert or the recovery.
     */
    public static Duration randomMoment(java.util.Random random) {
        return Duration.ofMillis(random.nextInt(30_000));
    }

    /** Kills the process {@code after} the run was started. */
    public static Moment after(Duration after) {
        // a wait for a moment, not for a condition: Awaitility's poll delay is that wait
        return (service, runId) -> Awaitility.await("the moment to kill").pollDelay(after)
                .atMost(after.plusSeconds(5)).until(() -> true);
    }

    public Outcome killDuring(String experiment, Map<String, String> lifeConfig, Moment moment) throws Exception {
        service.startWith(lifeConfig).awaitLive();
        String runId = service.startRun(experiment);
        long runStarted = System.nanoTime();
        moment.await(service, runId);
        long momentMs = (System.nanoTime() - runStarted) / 1_000_000;
        Map<String, String> brokers = brokerStates();
        if (service.kill() != 137) {
            throw new AssertionError("the service did not die of SIGKILL");
        }
        Path journal = service.data().resolve("fault-journal.jsonl");
        List<String> open = Files.exists(journal) ? new FaultJournal(journal).open().stream()
                .map(e -> e.fault() + " " + e.state()).toList() : List.of();

        long restart = System.nanoTime();
        service.start();
        Awaitility.await("every broker of " + lab.name() + " running after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> brokerStates().values().stream().allMatch("running"::equals));
        long brokersRunningMs = (System.nanoTime() - restart) / 1_000_000;
        Long revertedMs = open.isEmpty() ? null : rollback(open.size());
        service.awaitLive();
        JsonNode run = service.run(runId);
        return new Outcome(momentMs, brokers, open, revertedMs, brokersRunningMs, run);
    }

    /** The ms of the next life's start-up rollback line, which must have reverted all {@code open} faults. */
    private long rollback(int open) {
        service.awaitLog("start-up rollback:", Duration.ofSeconds(60));
        try {
            Matcher line = ROLLBACK.matcher(Files.readString(service.log()));
            if (!line.find()) {
                throw new AssertionError("no start-up rollback line in " + service.log());
            }
            if (Integer.parseInt(line.group(1)) != open || Integer.parseInt(line.group(2)) != open) {
                throw new AssertionError("the start-up rollback did not revert all " + open + " open fault(s): "
                        + line.group());
            }
            return Long.parseLong(line.group(3));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + service.log(), e);
        }
    }

    private Map<String, String> brokerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String node : Lab.NODES) {
            states.put(lab.container(node), Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f",
                    "{{.State.Status}}", lab.container(node)).strip());
        }
        return states;
    }

    /** One line for a report: "at 12345 ms, phase faults, pause ACTIVE open, reverted 2345 ms after the process started". */
    public static String describe(Outcome outcome) {
        return "at " + outcome.momentMs() + " ms, phase " + outcome.phase() + ", open at the kill "
                + (outcome.openAtKill().isEmpty() ? "nothing" : outcome.openAtKill()) + ", "
                + (outcome.revertedMs() == null ? "nothing to revert" : "reverted " + outcome.revertedMs()
                + " ms after the process started") + ", every broker running " + outcome.brokersRunningMs()
                + " ms after the restart";
    }
}
