package dev.gameday;

import dev.gameday.fault.StartupRollback;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The service's entry point: the faults a crash left applied are reverted first, then the service starts. */
@QuarkusMain
public final class GamedayMain {

    public static void main(String... args) {
        StartupRollback.beforeStart();
        Quarkus.run(args);
    }
}
