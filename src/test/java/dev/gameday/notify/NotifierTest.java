package dev.gameday.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.json.GamedayJackson;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks against local HTTP receivers (the JDK's server): delivered, retried, given up, never waited for. */
class NotifierTest {

    static final ObjectMapper JSON = GamedayJackson.json();
    static final RunReport RUN = new RunReport("run-1", "leader-kill", null, RunStatus.FAIL, null, "schedule", 7L,
            Instant.parse("2026-11-27T03:00:00Z"), Instant.parse("2026-11-27T03:00:01Z"),
            Instant.parse("2026-11-27T03:02:00Z"), List.of("lost writes: 2, allowed 0 (p0: 5-6)"), List.of(), null,
            null, null, null);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.stop();
        }
        servers.forEach(s -> s.stop(0));
    }

    /** A receiver that answers each POST with the next status of {@code statuses} (the last one repeats). */
    String receiver(int... statuses) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int call = calls.getAndIncrement();
            exchange.sendResponseHeaders(statuses[Math.min(call, statuses.length - 1)], -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** A port nothing listens on: connections are refused. */
    static String down() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }
    }

    Notifier notifier(Map<String, NotifyConfig.Webhook> webhooks, int queueSize) {
        notifier = new Notifier(config(webhooks, queueSize, "http://gameday.example:8080/"), JSON, registry);
        return notifier;
    }

    double failed(String webhook) {
        return registry.get("gameday.notifications.failed").tag("webhook", webhook).counter().count();
    }

    double sent(String webhook) {
        return registry.get("gameday.notifications.sent").tag("webhook", webhook).counter().count();
    }

    @Test
    void aRunsEndIsPostedAsJsonAndAsSlackText() throws Exception {
        notifier(Map.of("ops", hook(receiver(204), NotifyConfig.Kind.JSON),
                "chat", hook(receiver(200), NotifyConfig.Kind.SLACK)), 10).finished(RUN);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 2);
        JsonNode generic = bodies.stream().map(NotifierTest::tree).filter(b -> b.has("event")).findFirst().orElseThrow();
        assertThat(generic.path("event").asText()).isEqualTo("run-finished");
        assertThat(generic.path("experiment").asText()).isEqualTo("leader-kill");
        assertThat(generic.path("status").asText()).isEqualTo("FAIL");
        assertThat(generic.path("reasons").get(0).asText()).isEqualTo("lost writes: 2, allowed 0 (p0: 5-6)");
        assertThat(generic.path("url").asText()).isEqualTo("http://gameday.example:8080/ui/runs/run-1");
        JsonNode slack = bodies.stream().map(NotifierTest::tree).filter(b -> b.has("text")).findFirst().orElseThrow();
        assertThat(slack.size()).isEqualTo(1);
        assertThat(slack.path("text").asText()).isEqualTo("kafka-gameday: *leader-kill* FAIL (run run-1, schedule)\n"
                + "• lost writes: 2, allowed 0 (p0: 5-6)\n<http://gameday.example:8080/ui/runs/run-1|Open the run>");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sent("ops") == 1 && sent("chat") == 1);
        assertThat(failed("ops") + failed("chat")).isZero();
    }

    @Test
    void aRefusedNotificationIsTriedAgain() throws Exception {
        notifier(Map.of("flaky", hook(receiver(503, 500, 200), NotifyConfig.Kind.JSON)), 10).finished(RUN);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sent("flaky") == 1);
        assertThat(bodies).hasSize(3);
        assertThat(failed("flaky")).isZero();
    }

    @Test
    void aReceiverThatIsDownIsGivenUpAfterItsTriesAndCounted() throws Exception {
        notifier(Map.of("down", hook(down(), NotifyConfig.Kind.JSON),
                "up", hook(receiver(200), NotifyConfig.Kind.JSON)), 10).finished(RUN);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> failed("down") == 1);
        assertThat(sent("up")).isEqualTo(1);
        assertThat(sent("down")).isZero();
    }

    @Test
    void theRunNeverWaitsForAReceiverAndTheQueueIsBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stuck = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stuck.createContext("/hook", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        stuck.start();
        servers.add(stuck);
        Notifier slow = notifier(Map.of("stuck", hook("http://127.0.0.1:" + stuck.getAddress().getPort() + "/hook",
                NotifyConfig.Kind.JSON)), 2);

        for (int i = 0; i < 5; i++) {
            slow.finished(RUN); // returns while the receiver holds the first one
        }
        assertThat(release.getCount()).as("the receiver still holds the first notification").isEqualTo(1);
        assertThat(failed("stuck")).as("3 of 5 dropped: 2 may wait").isEqualTo(3);
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sent("stuck") == 2);
    }

    @Test
    void aWebhookUrlThatDoesNotParseIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> notifier(Map.of("ops", hook("htp:/nowhere", NotifyConfig.Kind.JSON)), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gameday.notify.webhooks.ops.url: 'htp:/nowhere' is not an http:// or https:// URL with a host");
        assertThatThrownBy(() -> notifier(Map.of("chat", hook("http://exa mple.com/x", NotifyConfig.Kind.SLACK)), 10))
                .hasMessageStartingWith("gameday.notify.webhooks.chat.url: 'http://exa mple.com/x' does not parse as a URL");
    }

    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    static NotifyConfig.Webhook hook(String url, NotifyConfig.Kind kind) {
        return new NotifyConfig.Webhook() {
            public String url() {
                return url;
            }

            public NotifyConfig.Kind kind() {
                return kind;
            }
        };
    }

    static NotifyConfig config(Map<String, NotifyConfig.Webhook> webhooks, int queueSize, String baseUrl) {
        return new NotifyConfig() {
            public Map<String, Webhook> webhooks() {
                return webhooks;
            }

            public int attempts() {
                return 3;
            }

            public Duration retryBackoff() {
                return Duration.ofMillis(100);
            }

            public Duration timeout() {
                return Duration.ofSeconds(2);
            }

            public int queueSize() {
                return queueSize;
            }

            public Optional<String> baseUrl() {
                return Optional.of(baseUrl);
            }
        };
    }
}
