package dev.gameday.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.TimeoutEvent;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' Awaitility defaults. An await evaluates its condition at once: Awaitility's own default is
 * to wait one poll interval first, which made every await that holds already a sleep (a settled lab cost
 * two seconds each time a test asked for it). And every await is written down, as long as it took
 * against the bound it was given, one line each in target/awaits/awaits-PID.tsv (what it awaited, the
 * bound, the time taken or "timeout"): the bounds the tests rely on are set from these figures, gathered
 * over CI runs (docs/testing.md, "Awaits").
 * Registered for every test class (META-INF/services; Quarkus' junit-platform.properties turns extension
 * autodetection on) and by {@link Lab}, since a Quarkus test's class loader may have an Awaitility of its own.
 */
public final class Awaits implements BeforeAllCallback, ConditionEvaluationListener<Object> {

    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    /** Sets the defaults of the Awaitility this class loader sees; once. */
    static synchronized void install() {
        if (!installed) {
            Awaitility.setDefaultPollDelay(Duration.ZERO);
            Awaitility.setDefaultConditionEvaluationListener(new Awaits());
            installed = true;
        }
    }

    @Override
    public void conditionEvaluated(EvaluatedCondition<Object> condition) {
        if (condition.isSatisfied()) {
            write(condition.getAlias(), condition.getDescription(), condition.isConditionRunningForever() ? -1
                    : condition.getElapsedTimeInMS() + condition.getRemainingTimeInMS(),
                    String.valueOf(condition.getElapsedTimeInMS()));
        }
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        write(event.getAlias(), event.getDescription(), event.getElapsedTimeInMS() + event.getRemainingTimeInMS(),
                "timeout");
    }

    private static void write(String alias, String description, long boundMs, String took) {
        String what = alias != null ? alias : description.lines().findFirst().orElse("?");
        String line = what.replace('\t', ' ') + "\t" + (boundMs < 0 || boundMs > 86_400_000L ? "forever" : boundMs)
                + "\t" + took + "\n";
        try {
            Path dir = Lab.projectDir().resolve("target/awaits");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("awaits-" + ProcessHandle.current().pid() + ".tsv"), line,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[awaits] not recorded: " + e.getMessage());
        }
    }
}
