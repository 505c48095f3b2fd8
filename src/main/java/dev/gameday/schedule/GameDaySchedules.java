package dev.gameday.schedule;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Suite;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.suite.SuiteRunner;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cron schedules of experiments and suites, registered from the catalog and replaced on every
 * reload. A firing while another run is in progress is not queued: it is recorded as SKIPPED. One
 * switch pauses them all.
 */
@ApplicationScoped
public class GameDaySchedules {

    static final String TRIGGER = "schedule";
    private static final String PREFIX = "gameday-";

    private final Scheduler scheduler;
    private final ExperimentRunner runner;
    private final SuiteRunner suites;
    /** job id -> its cron */
    private final Map<String, String> jobs = new ConcurrentHashMap<>();
    private volatile boolean paused;

    public GameDaySchedules(Scheduler scheduler, ExperimentRunner runner, SuiteRunner suites, ScheduleConfig config) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.suites = suites;
        this.paused = config.paused();
    }

    /** One registered schedule and when it fires next. */
    public record Entry(String kind, String name, String cron, Instant nextFire) {}

    synchronized void register(@Observes Catalog.Loaded catalog) {
        jobs.keySet().forEach(scheduler::unscheduleJob);
        jobs.clear();
        for (Experiment experiment : catalog.experiments().values()) {
            if (experiment.schedule() != null) {
                schedule("experiment", experiment.name(), experiment.schedule(), () -> fire(experiment));
            }
        }
        for (Suite suite : catalog.suites().values()) {
            if (suite.schedule() != null) {
                schedule("suite", suite.name(), suite.schedule(), () -> fire(suite));
            }
        }
    }

    private void schedule(String kind, String name, String cron, Runnable task) {
        String id = PREFIX + kind + "-" + name;
        scheduler.newJob(id).setCron(cron).setTask(execution -> task.run()).schedule();
        jobs.put(id, cron);
        Log.infof("scheduled %s %s: %s", kind, name, cron);
    }

    private void fire(Experiment experiment) {
        if (paused) {
            Log.debugf("schedule of %s fired while schedules are paused: not run", experiment.name());
            return;
        }
        try {
            runner.start(experiment, TRIGGER, null, null);
        } catch (GamedayException busy) {
            runner.skipped(experiment, TRIGGER, "skipped: " + busy.getMessage());
            Log.warnf("scheduled run of %s skipped: %s", experiment.name(), busy.getMessage());
        }
    }

    private void fire(Suite suite) {
        if (paused) {
            Log.debugf("schedule of suite %s fired while schedules are paused: not run", suite.name());
            return;
        }
        try {
            suites.start(suite, TRIGGER);
        } catch (GamedayException busy) {
            Log.warnf("scheduled run of suite %s skipped: %s", suite.name(), busy.getMessage());
        }
    }

    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        jobs.forEach((id, cron) -> {
            Trigger trigger = scheduler.getScheduledJob(id);
            String rest = id.substring(PREFIX.length());
            String kind = rest.substring(0, rest.indexOf('-'));
            entries.add(new Entry(kind, rest.substring(kind.length() + 1), cron,
                    paused || trigger == null ? null : trigger.getNextFireTime()));
        });
        return entries;
    }

    /** When the schedule of an experiment fires next; empty without one, or while paused. */
    public Optional<Instant> nextRun(String experiment) {
        Trigger trigger = scheduler.getScheduledJob(PREFIX + "experiment-" + experiment);
        return paused || trigger == null ? Optional.empty() : Optional.ofNullable(trigger.getNextFireTime());
    }

    public boolean paused() {
        return paused;
    }

    public void pause(boolean pause) {
        this.paused = pause;
        Log.infof("schedules %s", pause ? "paused" : "resumed");
    }
}
