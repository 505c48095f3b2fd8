package dev.gameday.bench;

import dev.gameday.lab.KillTrial;
import dev.gameday.lab.Lab;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The service SIGKILLed at random moments of a run, {@code kills} times (10 by default), on a lab of
 * its own (gdbench): the packaged service runs experiments-kill/kill-pause (broker 3 paused for 20 s),
 * is killed at a moment drawn with the seed, started again, and each kill is printed with its seed,
 * moment, the phase the run was in, and how long after the process started every open fault was
 * reverted; then what was left on the lab, if anything.
 * Run: bench/run.sh kills [kills] [seed] (the service is packaged first).
 */
public final class KillBench {

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextLong();
        Lab lab = Lab.forBenchmarks(List.of());
        int failures;
        try {
            failures = run(lab, kills, seed);
        } finally {
            lab.close();
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int run(Lab lab, int kills, long seed) throws Exception {
        Map<String, String> config = Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-kill").toString(),
                "gameday.schedules.paused", "true");
        Leftovers leftovers = new Leftovers(lab);
        Random random = new Random(seed);
        List<Long> reverted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        System.out.printf("[kills] %d kills, seed %d (bench/run.sh kills %d %d replays the moments)%n", kills, seed, kills,
                seed);
        System.out.printf("%-5s %-20s %9s %-22s %14s %14s %s%n", "kill", "seed", "moment", "phase", "reverted (ms)",
                "running (ms)", "open at the kill");
        for (int kill = 1; kill <= kills; kill++) {
            Duration moment = KillTrial.randomMoment(random);
            lab.awaitSettled(Duration.ofMinutes(3));
            Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/kills-" + seed + "-" + kill));
            try (ServiceProcess service = new ServiceProcess(lab, data, config, Map.of())) {
                KillTrial.Outcome outcome = new KillTrial(service, lab).killDuring("kill-pause", Map.of(),
                        KillTrial.after(moment));
                System.out.printf("%-5d %-20d %9d %-22s %14s %14d %s%n", kill, seed, outcome.momentMs(), outcome.phase(),
                        outcome.revertedMs() == null ? "-" : outcome.revertedMs(), outcome.brokersRunningMs(),
                        outcome.openAtKill().isEmpty() ? "-" : outcome.openAtKill());
                if (outcome.revertedMs() != null) {
                    reverted.add(outcome.revertedMs());
                    if (outcome.revertedMs() > 10_000) {
                        problems.add("kill " + kill + ": reverted " + outcome.revertedMs() + " ms after the start");
                    }
                }
                if (outcome.status().equals("RUNNING")) {
                    problems.add("kill " + kill + ": the run was left RUNNING");
                }
                try {
                    leftovers.awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
                } catch (AssertionError left) {
                    problems.add("kill " + kill + ": " + left.getMessage());
                }
                service.stop();
            }
        }
        List<Long> sorted = reverted.stream().sorted().toList();
        System.out.printf("%ntime to revert, ms after the process started, over the %d kill(s) with a fault open: %s%n",
                sorted.size(), sorted.isEmpty() ? "-" : "median " + sorted.get((sorted.size() - 1) / 2) + ", max "
                        + sorted.get(sorted.size() - 1));
        System.out.println(problems.isEmpty() ? "nothing left behind, no run left RUNNING, every revert within 10 s"
                : "PROBLEMS:\n  " + String.join("\n  ", problems));
        return problems.size();
    }
}
