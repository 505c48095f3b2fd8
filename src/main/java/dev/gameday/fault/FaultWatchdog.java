package dev.gameday.fault;

import dev.gameday.GamedayException;
import dev.gameday.docker.EngineWatch;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * Makes sure every fault ends: reverts faults past their deadline, even when the step that owns them is
 * stuck, and tries again those whose revert failed, every second, and at once when the Docker engine is
 * back.
 */
@ApplicationScoped
public class FaultWatchdog {

    private final FaultInjector injector;
    private final FaultRecovery recovery;
    private final Clock clock;

    public FaultWatchdog(FaultInjector injector, FaultRecovery recovery, Clock clock) {
        this.injector = injector;
        this.recovery = recovery;
        this.clock = clock;
    }

    /** Reverts what is due now: faults past their deadline, and failed reverts whose next try has come. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watchdog() {
        for (FaultBook.Due due : injector.due(clock.instant())) {
            ActiveFault fault = due.fault();
            FaultBook.NextTry retry = due.retry();
            if (retry == null) {
                Log.warnf("fault %s on %s (%s) is past its deadline %s: reverting it", fault.fault(), fault.targets(),
                        fault.label(), fault.deadline());
            }
            try {
                injector.revert(fault.id(), retry == null ? "deadline " + fault.deadline() + " passed"
                        : "reverted by the watchdog at its try " + (retry.attempts() + 1));
            } catch (GamedayException e) {
                Log.error(e.getMessage());
            }
        }
    }

    /** The engine is back (restarted, say): every revert that failed is due now, and its helpers' leftovers go. */
    void engineReturned(@Observes EngineWatch.Returned returned) {
        injector.retryAllAt(clock.instant());
        watchdog();
        try {
            recovery.removeLeftoverHelpers();
        } catch (GamedayException e) {
            Log.warnf("leftover helper containers not removed after the engine came back: %s", e.getMessage());
        }
    }
}
