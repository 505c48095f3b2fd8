package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.registry.RegistryClient;
import dev.gameday.time.Retry;
import dev.gameday.time.Threads;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry probe: at a steady rate it registers a new version of the run's own schema (subject
 * {@code gameday-<run>}) on one node, taking the nodes in turn, and finds it by id on the next one; a
 * node that does not answer is skipped for the next, as a client configured with every node does.
 * A request no node answers is a registry failure; one another node answered is a failover.
 */
final class RegistryProbe implements AutoCloseable {

    private final RegistryClient registry;
    private final History history;
    private final String subject;
    private final long periodNanos;
    private final Thread thread;
    private final Retry retry;
    private volatile boolean running = true;

    RegistryProbe(RegistryClient registry, RegistrySettings settings, History history, Retry retry) {
        this.registry = registry;
        this.retry = retry;
        this.history = history;
        this.subject = "gameday-" + history.runId().toString().substring(0, 8);
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.ratePerSecond();
        this.thread = Threads.unstarted("probe-registry", false, this::loop);
    }

    /**
     * Starts probing once every node has answered: a node that has just started (or that no request
     * has reached since) answers its first request slowly, seconds on a busy host, which is no failover
     * and no failure of the run's fault. A node that does not answer within {@link #WARM_UP} refuses the run.
     */
    void start() {
        warmUp();
        history.registryStarted();
        thread.start();
        Log.infof("registry probe: schema %s registered and found on %d node(s)", subject, registry.nodes().size());
    }

    /** How long each node has to answer its first request before the run is refused. */
    static final Duration WARM_UP = Duration.ofSeconds(30);

    /** Registers the run's warm-up schema, then finds it on every node, each retried until {@link #WARM_UP}. */
    private void warmUp() {
        Instant deadline = retry.clock().instant().plus(WARM_UP);
        String avro = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"warmUp\",\"type\":\"long\"}]}";
        int id = untilAnswered(0, deadline, () -> registry.register(0, subject, avro));
        for (int node = 0; node < registry.nodes().size(); node++) {
            int n = node;
            untilAnswered(node, deadline, () -> {
                registry.find(n, id);
                return id;
            });
        }
    }

    private interface Request {
        int send() throws IOException, InterruptedException;
    }

    private int untilAnswered(int node, Instant deadline, Request request) {
        try {
            // every 200 ms: a refused connection answers at once
            return retry.until("an answer of " + registry.nodes().get(node), deadline, Duration.ofMillis(200), () -> {
                try {
                    return request.send();
                } catch (IOException e) {
                    throw Retry.notYet(reason(e), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GamedayException(GamedayException.Kind.FAILED, "the registry probe's warm-up was "
                            + "interrupted");
                }
            });
        } catch (Retry.TimedOut e) {
            throw new GamedayException(GamedayException.Kind.FAILED, "the registry probe's warm-up: "
                    + registry.nodes().get(node) + " did not answer within " + WARM_UP.toSeconds() + " s (last: "
                    + e.lastReason() + "); the run starts once every registry node answers");
        }
    }

    private void loop() {
        long next = System.nanoTime();
        for (int n = 0; running; n++) {
            once(n);
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    retry.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime(); // behind (every node slow): no burst to catch up
            }
        }
    }

    /** Registers version {@code n} on node n mod nodes, then finds it on the next node. */
    private void once(int n) {
        int nodes = registry.nodes().size();
        String avro = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"v" + n + "\",\"type\":\"long\"}]}";
        List<String> why = new ArrayList<>();
        Integer id = null;
        int registeredOn = -1;
        for (int i = 0; i < nodes && id == null; i++) {
            int node = (n + i) % nodes;
            long start = System.nanoTime();
            try {
                id = registry.register(node, subject, avro);
                registeredOn = node;
                attempt(node, true, start);
                history.registryAnswered(true, i > 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (IOException e) {
                attempt(node, false, start);
                why.add(registry.nodes().get(node) + " " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (id == null) {
            history.registryFailed(history.msSinceStart(System.nanoTime()), "registering version " + n + ": "
                    + String.join("; ", why));
            return;
        }
        why.clear();
        for (int i = 1; i <= nodes; i++) {
            int node = (registeredOn + i) % nodes; // another node first, the one that registered it last
            long start = System.nanoTime();
            try {
                String found = registry.find(node, id);
                attempt(node, true, start);
                if (!found.contains("\"v" + n + "\"")) {
                    why.add(registry.nodes().get(node) + " returned another schema for id " + id);
                    continue;
                }
                history.registryAnswered(false, i > 1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            } catch (IOException e) {
                attempt(node, false, start);
                why.add(registry.nodes().get(node) + " " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        history.registryFailed(history.msSinceStart(System.nanoTime()), "finding id " + id + ": " + String.join("; ", why));
    }

    private void attempt(int node, boolean answered, long startNanos) {
        history.registryAttempt(registry.nodes().get(node).toString(), answered,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static String reason(IOException e) {
        return e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
