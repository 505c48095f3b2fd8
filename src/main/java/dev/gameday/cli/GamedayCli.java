package dev.gameday.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.time.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The command-line client for pipelines: runs an experiment or a suite on a running service,
 * follows it, prints the verdict table and exits with {@link ExitStatus}. Plain Java and Jackson:
 * it starts no part of the service (bin/gameday runs it from the service's own jars).
 */
@Command(name = "gameday", mixinStandardHelpOptions = true, subcommands = {GamedayCli.SuiteCommand.class,
        GamedayCli.RunCommand.class}, description = "Runs game days on a kafka-gameday service and reports the verdict.%n"
        + "Exit status: 0 PASS, 1 FAIL, 2 no verdict (aborted, error, skipped, interrupted, unreachable, bad usage).")
public final class GamedayCli implements Callable<Integer> {

    @Option(names = "--url", description = "the service (env GAMEDAY_URL; default http://127.0.0.1:8080)")
    String url = env("GAMEDAY_URL", "http://127.0.0.1:8080");

    @Option(names = "--user", description = "API user (env GAMEDAY_USER; default operator)")
    String user = env("GAMEDAY_USER", "operator");

    @Option(names = "--password-file", description = "file holding the user's password (env GAMEDAY_PASSWORD_FILE; "
            + "or the password itself in env GAMEDAY_PASSWORD)")
    Path passwordFile = System.getenv("GAMEDAY_PASSWORD_FILE") == null ? null : Path.of(System.getenv("GAMEDAY_PASSWORD_FILE"));

    @Option(names = "--poll", description = "how often to ask for progress (default 5s)", converter = DurationConverter.class)
    Duration poll = Duration.ofSeconds(5);

    @Option(names = "--timeout", description = "give up following after this long; the run goes on (default 2h)",
            converter = DurationConverter.class)
    Duration timeout = Duration.ofHours(2);

    @Option(names = "--unreachable-after", description = "give up when the service has not answered for this long "
            + "(default 60s)", converter = DurationConverter.class)
    Duration unreachableAfter = Duration.ofSeconds(60);

    /** How the CLI waits between two polls: it runs on its own, outside the service, so for real. */
    Sleeper sleeper = Sleeper.SYSTEM;

    public static void main(String... args) {
        CommandLine cli = new CommandLine(new GamedayCli());
        cli.setExitCodeExceptionMapper(e -> ExitStatus.NO_VERDICT.code);
        cli.setParameterExceptionHandler((e, ignored) -> {
            e.getCommandLine().getErr().println("gameday: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitStatus.NO_VERDICT.code;
        });
        System.exit(cli.execute(args));
    }

    /** No command: what the commands are, and no verdict. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return ExitStatus.NO_VERDICT.code;
    }

    @Command(name = "suite", description = "Run a game-day suite and follow it to its verdict.")
    static final class SuiteCommand implements Callable<Integer> {
        @CommandLine.ParentCommand GamedayCli cli;
        @Parameters(paramLabel = "SUITE", description = "the suite's name (default: default)", defaultValue = "default")
        String suite;
        @Option(names = "--junit", description = "write the suite run as JUnit XML to this file")
        Path junit;

        @Override
        public Integer call() {
            return cli.follow("/api/suites/" + suite + "/runs", true, junit);
        }
    }

    @Command(name = "run", description = "Run one experiment and follow it to its verdict.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.ParentCommand GamedayCli cli;
        @Parameters(paramLabel = "EXPERIMENT") String experiment;
        @Option(names = "--seed", description = "replay the random choices of an earlier run") Long seed;

        @Override
        public Integer call() {
            return cli.follow("/api/experiments/" + experiment + "/runs" + (seed == null ? "" : "?seed=" + seed), false, null);
        }
    }

    /** Starts what {@code startPath} starts, follows it to its end, prints the verdict; the exit status. */
    int follow(String startPath, boolean suite, Path junit) {
        PrintStream out = System.out;
        ServiceClient service;
        try {
            service = new ServiceClient(URI.create(url.endsWith("/") ? url : url + "/"), user, password());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return ExitStatus.NO_VERDICT.code;
        }
        try {
            String location = service.start(startPath);
            out.printf("gameday: started %s%n", service.uri(location));
            JsonNode ended = awaitEnd(service, location, suite, out);
            if (ended == null) {
                System.err.printf("gameday: %s had not ended after %s; it goes on in the service: %s%n", location,
                        timeout, service.uri(location));
                return ExitStatus.NO_VERDICT.code;
            }
            report(service, ended, suite, out);
            if (junit != null) {
                Files.write(junit, service.getBytes(location + "/junit.xml"));
                out.println("JUnit XML: " + junit);
            }
            return ExitStatus.of(ended.path("status").asText()).code;
        } catch (ServiceClient.Refused e) {
            System.err.println("gameday: " + e.getMessage());
        } catch (IOException e) {
            System.err.println("gameday: the service at " + url + " cannot be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("gameday: interrupted");
        }
        return ExitStatus.NO_VERDICT.code;
    }

    /** Polls until the run or suite run has ended (null on timeout); prints each run of a suite as it ends. */
    private JsonNode awaitEnd(ServiceClient service, String location, boolean suite, PrintStream out)
            throws IOException, InterruptedException, ServiceClient.Refused {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastAnswer = System.nanoTime();
        Set<String> printed = new HashSet<>();
        while (System.nanoTime() < deadline) {
            JsonNode now;
            try {
                now = service.get(location);
                lastAnswer = System.nanoTime();
            } catch (IOException unreachable) {
                if (System.nanoTime() - lastAnswer > unreachableAfter.toNanos()) {
                    throw unreachable;
                }
                sleeper.sleep(poll);
                continue;
            }
            if (suite) {
                for (JsonNode run : now.path("runs")) {
                    if (!"RUNNING".equals(run.path("status").asText()) && printed.add(run.path("id").asText())) {
                        if (printed.size() == 1) {
                            VerdictTable.header(out);
                        }
                        VerdictTable.row(out, run);
                    }
                }
            }
            if (!"RUNNING".equals(now.path("status").asText())) {
                return now;
            }
            sleeper.sleep(poll);
        }
        return null;
    }

    private static void report(ServiceClient service, JsonNode ended, boolean suite, PrintStream out) {
        String status = ended.path("status").asText();
        if (suite) { // its table was printed run by run as each ended
            VerdictTable.texts(ended.path("reasons")).forEach(reason -> out.println("  - " + reason));
            out.printf("%ngame day %s: %s in %s%n", ended.path("suite").asText(), status,
                    VerdictTable.elapsed(ended.path("requestedAt"), ended.path("endedAt")));
            out.println("each run (the report of one: its page, or /api/runs/<id>/report.html):");
            ended.path("runs").forEach(run -> out.printf("  %-24s %s%n", run.path("experiment").asText(),
                    service.uri("/ui/runs/" + run.path("id").asText())));
            out.println("rerun one experiment: bin/gameday run <experiment>   (--seed <seed> replays its random choices)");
        } else {
            VerdictTable.header(out);
            VerdictTable.row(out, ended);
            out.printf("%n%s: %s in %s, seed %s: %s%n", ended.path("experiment").asText(), status,
                    VerdictTable.elapsed(ended.path("startedAt"), ended.path("endedAt")), ended.path("seed").asText(),
                    service.uri("/ui/runs/" + ended.path("id").asText()));
        }
    }

    private String password() throws IOException {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IOException("--password-file " + passwordFile + " cannot be read: " + e.getMessage(), e);
            }
        }
        return System.getenv("GAMEDAY_PASSWORD");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** "30s", "5m", "2h", as the experiments write durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return dev.gameday.json.Durations.parse(value);
        }
    }
}
