package dev.gameday.fault;

import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.DockerConfig;
import dev.gameday.docker.DockerRuntimeProducer;
import dev.gameday.docker.EnginesConfig;
import dev.gameday.target.SafetyConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reverts the faults the journal still shows open before the service starts: before its database,
 * its Kafka clients and the rest of Quarkus, which take seconds on a busy host. A service killed in
 * the middle of a fault so ends that fault within seconds of its next start, not after its boot.
 * It reads the journal's path and the Docker engine(s) from the same sources as Quarkus (system
 * properties, environment, application.properties, the active profile). What it cannot revert stays
 * open in the journal: the injector's start-up recovery and its watchdog try again.
 */
public final class StartupRollback {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private StartupRollback() {}

    /** Never throws: a service that cannot roll back here still starts and tries again. */
    public static void beforeStart() {
        try {
            SmallRyeConfig config = config();
            FaultJournal journal = new FaultJournal(config.getConfigMapping(SafetyConfig.class).journal(),
                    message -> print("WARN ", message));
            journal.repair();
            List<JournalEntry> open = journal.open();
            if (open.isEmpty()) {
                return;
            }
            ContainerRuntime runtime = DockerRuntimeProducer.create(config.getConfigMapping(DockerConfig.class),
                    config.getConfigMapping(EnginesConfig.class));
            try (AutoCloseable closing = (AutoCloseable) runtime) {
                int reverted = revertOpen(journal, open, runtime, Clock.systemUTC());
                long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                print("INFO ", "start-up rollback: " + reverted + " of " + open.size() + " open fault(s) reverted "
                        + sinceStart + " ms after the process started");
            }
        } catch (Exception | LinkageError e) {
            print("WARN ", "start-up rollback could not run before the service started (" + e
                    + "); it is tried again once the service has started");
        }
    }

    /** Reverts each open fault in the reverse order of its effects; returns how many. Failures stay open. */
    static int revertOpen(FaultJournal journal, List<JournalEntry> open, ContainerRuntime runtime, Clock clock) {
        EffectContext context = new EffectContext(runtime, within -> {
            throw new FaultException("no cluster view before start-up");
        });
        int reverted = 0;
        for (JournalEntry fault : open) {
            List<String> unreached = FaultRecovery.unreachedEngines(fault, runtime);
            if (!unreached.isEmpty()) {
                print("ERROR", "fault " + fault.faultId() + " (" + fault.fault() + ") is open on the Docker engine at "
                        + String.join(" and ", unreached) + ", not on this service's " + runtime.endpoint()
                        + ": left open");
                continue;
            }
            if (!fault.effectsKnown()) {
                print("WARN ", "fault " + fault.faultId() + " (" + fault.fault() + ") is open with its effects unknown "
                        + "(its journal line was damaged): left to the service's recovery once it is up, which looks "
                        + "for them on every allow-listed container");
                continue;
            }
            List<Effect> effects = new ArrayList<>(fault.effects());
            Collections.reverse(effects);
            List<String> failures = Effect.revertEach(effects, context);
            if (failures.isEmpty()) {
                journal.append(fault.next(JournalEntry.State.REVERTED, clock.instant(), note(fault)));
                print("WARN ", "reverted " + fault.fault() + " on " + effects.stream().map(Effect::containerName).distinct()
                        .toList() + " (" + fault.experiment() + " step " + fault.step() + "), left " + fault.state()
                        + " when the service stopped");
                reverted++;
            } else {
                print("ERROR", "reverting " + fault.fault() + " failed: " + String.join("; ", failures));
            }
        }
        return reverted;
    }

    static String note(JournalEntry open) {
        return "reverted at start-up: the service had stopped while it was " + open.state();
    }

    /** Quarkus' configuration sources, for two mappings, before Quarkus itself is up. */
    private static SmallRyeConfig config() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String profiles = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addSystemSources()
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
                .withSources(PropertiesConfigSourceLoader.inFileSystem("config/application.properties", 260, loader))
                .withProfiles(Arrays.asList(profiles.split(",")))
                .withConverter(Duration.class, 200, new DurationConverter())   // "30s", as Quarkus reads it
                .withMapping(SafetyConfig.class)
                .withMapping(DockerConfig.class)
                .withMapping(EnginesConfig.class)
                .withValidateUnknown(false)
                .build();
    }

    /** Quarkus' logging is not set up yet: a line in its format, on its stream. */
    private static void print(String level, String message) {
        System.out.printf("%s %s [dev.gameday.fault.StartupRollback] (main) %s%n",
                LocalDateTime.now().format(STAMP), level, message);
    }
}
