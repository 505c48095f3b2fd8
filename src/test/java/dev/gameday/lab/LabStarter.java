package dev.gameday.lab;

import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Starts the shared test lab while Maven compiles, runs the unit tests and packages the service
 * (the execution {@code test-lab} of exec-maven-plugin, asynchronous), so that the first integration
 * test finds it up instead of waiting for it. The tests' JVM takes it over ({@link Prestart#adopt});
 * until then this process owns it, and removes it when Maven ends without the tests having taken it
 * ({@code ./mvnw test}, or a build that failed before the integration tests).
 */
public final class LabStarter {

    private LabStarter() {}

    public static void main(String[] args) {
        Lab lab = Lab.shared();
        Prestart prestart = new Prestart(lab.name(), lab.dedicatedControllers());
        prestart.starting();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!prestart.adopted()) {
                System.out.println("[lab-starter] the tests did not take the lab: removing it");
                lab.destroy();
                prestart.clear();
            }
        }, "lab-starter-down"));
        long started = System.nanoTime();
        try {
            lab.start();
        } catch (RuntimeException e) {
            prestart.failed(e);
            System.exit(1);
        }
        prestart.ready(Duration.ofNanos(System.nanoTime() - started));
        System.out.printf("[lab-starter] lab %s up in %d s; waiting for the tests to take it%n", lab.name(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        // Maven destroys this process when it ends (asyncDestroyOnShutdown); a Maven that was killed
        // leaves it without a parent, and then the lab goes too
        ProcessHandle maven = ProcessHandle.current().parent().orElse(null);
        Awaitility.await("the tests take the lab, or Maven ends").forever().pollInterval(Duration.ofSeconds(1))
                .until(() -> prestart.adopted() || maven == null || !maven.isAlive());
        System.exit(0);
    }
}
