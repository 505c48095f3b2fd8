package dev.gameday.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An open-loop HTTP load: requests go out at a fixed rate whatever the answers, each timed from the
 * moment it was due to its answer. (A closed loop, wrk's connections, waits for answers before it
 * sends more: it slows down exactly when the server does and hides that latency.) The paths are
 * taken in turn; "{run}" in one is replaced by the current run's id.
 */
public final class ApiLoad implements AutoCloseable {

    /**
     * What the load saw: requests sent, latency of those answered in µs (HdrHistogram, 3 digits),
     * answers 500-599, requests that got no answer (an error, or none within 30 s of the end).
     */
    public record Figures(long requests, long p50Micros, long p99Micros, long maxMicros, long serverErrors,
                          long failures) {

        static Figures of(long sent, Histogram answered, long serverErrors) {
            return new Figures(sent, answered.getValueAtPercentile(50), answered.getValueAtPercentile(99),
                    answered.getMaxValue(), serverErrors, sent - answered.getTotalCount());
        }

        @Override
        public String toString() {
            return String.format("%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d answer(s) 5xx, %d without answer",
                    requests, p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, serverErrors, failures);
        }
    }

    private final URI base;
    private final String authorization;
    private final List<String> paths;
    private final Supplier<String> runId;
    private final long periodNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "api-load");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Histogram> latency = new LinkedHashMap<>();
    private final Map<String, AtomicLong> serverErrors = new LinkedHashMap<>();
    private final Map<String, AtomicLong> failures = new LinkedHashMap<>();
    private final Map<String, AtomicLong> sentTo = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private long startNanos;

    public ApiLoad(URI base, String user, String password, int ratePerSecond, List<String> paths, Supplier<String> runId) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.paths = List.copyOf(paths);
        this.runId = runId;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        for (String path : paths) {
            latency.put(path, new Histogram(TimeUnit.MINUTES.toMicros(5), 3));
            serverErrors.put(path, new AtomicLong());
            failures.put(path, new AtomicLong());
            sentTo.put(path, new AtomicLong());
        }
    }

    public ApiLoad start() {
        startNanos = System.nanoTime();
        ticks.scheduleAtFixedRate(this::send, 0, periodNanos, TimeUnit.NANOSECONDS);
        return this;
    }

    private void send() {
        long n = sent.getAndIncrement();
        long due = startNanos + n * periodNanos; // a late tick counts against the server, as a user would see it
        String path = paths.get((int) (n % paths.size()));
        sentTo.get(path).incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path.replace("{run}", runId.get())))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long micros = Math.max(0, (System.nanoTime() - due) / 1000);
            if (error != null) {
                failures.get(path).incrementAndGet();
                return;
            }
            if (response.statusCode() >= 500) {
                serverErrors.get(path).incrementAndGet();
            }
            Histogram h = latency.get(path);
            synchronized (h) {
                h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
            }
        });
    }

    /** Stops sending, waits up to 30 s for the answers still due, and gives the figures, all paths together. */
    public Figures stop() {
        ticks.shutdownNow();
        try {
            Awaitility.await("the answers of the requests sent").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> answered() >= sent.get());
        } catch (ConditionTimeoutException unanswered) {
            // counted: the figures say how many had no answer
        }
        return total();
    }

    private long answered() {
        long answered = 0;
        for (String path : paths) {
            synchronized (latency.get(path)) {
                answered += latency.get(path).getTotalCount();
            }
            answered += failures.get(path).get();
        }
        return answered;
    }

    public Figures total() {
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long errors = 0;
        for (String path : paths) {
            synchronized (latency.get(path)) {
                all.add(latency.get(path));
            }
            errors += serverErrors.get(path).get();
        }
        return Figures.of(sent.get(), all, errors);
    }

    /** The figures of each path. */
    public Map<String, Figures> byPath() {
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String path : paths) {
            synchronized (latency.get(path)) {
                figures.put(path, Figures.of(sentTo.get(path).get(), latency.get(path).copy(),
                        serverErrors.get(path).get()));
            }
        }
        return figures;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
