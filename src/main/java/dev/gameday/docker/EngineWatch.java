package dev.gameday.docker;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the Docker engine answers, from a ping every 2 s and from every readiness check. While it
 * does not, readiness is DOWN naming it; when it answers again (after a restart of the engine, say),
 * {@link Returned} is fired, so that whatever the service holds is reverted at once.
 */
@ApplicationScoped
public class EngineWatch {

    /** The engine answers again after {@code away} without. */
    public record Returned(String endpoint, Duration away) {}

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Event<Returned> returned;
    private Instant downSince; // guarded by this

    public EngineWatch(ContainerRuntime runtime, Clock clock, Event<Returned> returned) {
        this.runtime = runtime;
        this.clock = clock;
        this.returned = returned;
    }

    @Scheduled(every = "${gameday.docker.ping-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ping() {
        check();
    }

    /** Pings the engine: empty when it answers, else why not. Tells the log, and the service, of every change. */
    public Optional<String> check() {
        Optional<String> error;
        try {
            runtime.ping();
            error = Optional.empty();
        } catch (RuntimeException e) {
            error = Optional.of(e.getMessage());
        }
        observe(error);
        return error;
    }

    void observe(Optional<String> error) {
        Duration away = null;
        synchronized (this) {
            Instant now = clock.instant();
            if (error.isPresent() && downSince == null) {
                downSince = now;
                Log.errorf("the Docker engine at %s stopped answering (%s): no fault can be injected or reverted until "
                        + "it answers again, and readiness is DOWN", runtime.endpoint(), error.get());
            } else if (error.isEmpty() && downSince != null) {
                away = Duration.between(downSince, now);
                downSince = null;
                Log.warnf("the Docker engine at %s answers again after %d ms: reverting whatever the service still "
                        + "holds", runtime.endpoint(), away.toMillis());
            }
        }
        if (away != null) { // outside the lock: readiness must not wait for the reverts
            returned.fire(new Returned(runtime.endpoint(), away));
        }
    }

    /** Since when the engine has not answered; empty while it does. */
    public synchronized Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }
}
