package dev.gameday.time;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The {@link Scheduler} of the service: one daemon thread, "gameday-timer"; what is pending at shutdown is dropped. */
@ApplicationScoped
public class SystemScheduler implements Scheduler {

    private final ScheduledExecutorService timer = Threads.scheduled("gameday-timer", true);

    @Override
    public void schedule(Duration delay, Runnable task) {
        timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
