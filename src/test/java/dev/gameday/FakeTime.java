package dev.gameday;

import dev.gameday.time.Scheduler;
import dev.gameday.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A clock that moves only when something waits on it, so that whatever waits is walked through in
 * no time. Actions can be set for an instant: they run when a wait reaches it, at that instant.
 */
public final class FakeTime extends Clock implements Sleeper, Scheduler {

    private Instant now;
    private final TreeMap<Instant, List<Runnable>> actions = new TreeMap<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable beforeEachSleep = () -> {};

    public FakeTime(Instant start) {
        this.now = start;
    }

    /** Runs {@code check} whenever something is about to wait: lets a test see what it was doing then. */
    public void beforeEachSleep(Runnable check) {
        this.beforeEachSleep = check;
    }

    /** Runs {@code action} when a wait reaches {@code when}. */
    public void at(Instant when, Runnable action) {
        actions.computeIfAbsent(when, k -> new ArrayList<>()).add(action);
    }

    /** A task scheduled on this time runs when a wait or {@link #advance} gets past its delay. */
    @Override
    public void schedule(Duration delay, Runnable task) {
        at(now.plus(delay), task);
    }

    public void advance(Duration by) {
        Instant until = now.plus(by);
        Map.Entry<Instant, List<Runnable>> due;
        while ((due = actions.firstEntry()) != null && !due.getKey().isAfter(until)) {
            actions.remove(due.getKey());
            now = due.getKey().isAfter(now) ? due.getKey() : now;
            due.getValue().forEach(Runnable::run);
        }
        now = until;
    }

    @Override
    public void sleep(Duration duration) {
        beforeEachSleep.run();
        sleeps.add(duration);
        advance(duration);
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
