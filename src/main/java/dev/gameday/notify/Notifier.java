package dev.gameday.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.run.RunListener;
import dev.gameday.run.RunReport;
import dev.gameday.time.Threads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs each run's end to the configured webhooks, on a thread of its own: {@link #finished} only
 * queues, so a slow or dead receiver never delays or fails a run. Each notification is tried up to
 * {@code attempts} times with a doubling back-off; at most {@code queue-size} wait. One that is
 * given up is logged and counted in gameday_notifications_failed_total{webhook}.
 */
@Startup // a webhook URL that does not parse stops the service at boot, naming its setting
@ApplicationScoped
public class Notifier implements RunListener {

    /** One webhook, checked. */
    record Target(String name, URI uri, NotifyConfig.Kind kind, Counter sent, Counter failed) {}

    private final NotifyConfig config;
    private final ObjectMapper json;
    private final Map<String, Target> targets = new TreeMap<>();
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            Threads.factory("gameday-notify", true));
    private final AtomicInteger pending = new AtomicInteger();

    public Notifier(NotifyConfig config, ObjectMapper json, MeterRegistry registry) {
        this.config = config;
        this.json = json;
        config.webhooks().forEach((name, webhook) -> targets.put(name, new Target(name, parse(name, webhook.url()),
                webhook.kind(),
                Counter.builder("gameday.notifications.sent").tag("webhook", name)
                        .description("run notifications a webhook accepted").register(registry),
                Counter.builder("gameday.notifications.failed").tag("webhook", name)
                        .description("run notifications given up: refused, unanswered or dropped").register(registry))));
        config.baseUrl().ifPresent(url -> parse("base-url", url));
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        if (!targets.isEmpty()) {
            Log.infof("run notifications go to %s", targets.keySet());
        }
    }

    private static URI parse(String name, String url) {
        String setting = name.equals("base-url") ? "gameday.notify.base-url" : "gameday.notify.webhooks." + name + ".url";
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(setting + ": '" + url + "' is not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(setting + ": '" + url + "' does not parse as a URL: " + e.getMessage(), e);
        }
    }

    @Override
    public void finished(RunReport run) {
        Notice notice = Notice.of(run, config.baseUrl().orElse(null));
        for (Target target : targets.values()) {
            String body = body(target.kind(), notice);
            if (pending.incrementAndGet() > config.queueSize()) {
                pending.decrementAndGet();
                failed(target, run, "dropped: " + config.queueSize() + " notification(s) already waiting");
                continue;
            }
            executor.execute(() -> attempt(target, run, body, 1));
        }
    }

    private void attempt(Target target, RunReport run, String body, int attempt) {
        String problem;
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(target.uri()).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                pending.decrementAndGet();
                target.sent().increment();
                return;
            }
            problem = "answered HTTP " + answer.statusCode();
        } catch (java.io.IOException e) {
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted (the service is stopping)";
        }
        if (attempt < config.attempts() && !executor.isShutdown()) {
            Duration wait = config.retryBackoff().multipliedBy(1L << (attempt - 1));
            Log.debugf("webhook %s: try %d for run %s %s; again in %s", target.name(), attempt, run.id(), problem, wait);
            executor.schedule(() -> attempt(target, run, body, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        pending.decrementAndGet();
        failed(target, run, problem + " (" + attempt + " tr" + (attempt == 1 ? "y" : "ies") + ")");
    }

    private static void failed(Target target, RunReport run, String why) {
        target.failed().increment();
        Log.warnf("webhook %s (%s) was not told that run %s of %s ended %s: %s", target.name(), target.uri(), run.id(),
                run.experiment(), run.status(), why);
    }

    private String body(NotifyConfig.Kind kind, Notice notice) {
        try {
            return kind == NotifyConfig.Kind.SLACK ? json.writeValueAsString(Map.of("text", notice.text()))
                    : json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notice of run " + notice.id(), e);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdown(); // retries not yet due are dropped; tries under way finish within the timeout
        try {
            executor.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
