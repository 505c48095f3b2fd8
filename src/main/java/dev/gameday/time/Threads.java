package dev.gameday.time;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Every thread of the service is made here, named after what it does ("probe-producer",
 * "gameday-run"): thread dumps, logs and bench/idle-cost.sh read those names.
 */
public final class Threads {

    private Threads() {
    }

    /** A started thread. A daemon does not keep the JVM alive: what it does is abandoned at exit. */
    public static Thread start(String name, boolean daemon, Runnable body) {
        Thread thread = unstarted(name, daemon, body);
        thread.start();
        return thread;
    }

    /** A thread its owner starts later. */
    public static Thread unstarted(String name, boolean daemon, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(daemon);
        return thread;
    }

    /** One thread that runs tasks in turn. */
    public static ExecutorService single(String name, boolean daemon) {
        return Executors.newSingleThreadExecutor(factory(name, daemon));
    }

    /** One thread that runs tasks in turn, each when it is due. */
    public static ScheduledExecutorService scheduled(String name, boolean daemon) {
        return Executors.newSingleThreadScheduledExecutor(factory(name, daemon));
    }

    /** Holds the calling thread until the process ends: an interrupt or a spurious wake-up does not let it go on. */
    public static void holdForever(Object blocker) {
        while (true) {
            LockSupport.park(blocker);
        }
    }

    /** What makes the threads of an executor built elsewhere (a ScheduledThreadPoolExecutor with its own settings). */
    public static ThreadFactory factory(String name, boolean daemon) {
        return body -> unstarted(name, daemon, body);
    }
}
