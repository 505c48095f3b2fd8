package dev.gameday.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The load generator against a local server: its rate holds, 5xx answers are counted, "{run}" is filled in. */
class ApiLoadTest {

    @Test
    void requestsGoOutAtTheRateAndServerErrorsAreCountedPerPath() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger runPage = new AtomicInteger();
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/runs/r-7", exchange -> {
            runPage.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try (ApiLoad load = new ApiLoad(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "viewer", "x",
                100, List.of("/ok", "/broken", "/runs/{run}"), () -> "r-7")) {
            long began = System.nanoTime();
            load.start();
            Awaitility.await("a second of load").pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            long sending = System.nanoTime() - began;
            ApiLoad.Figures figures = load.stop();
            // the count follows the time the load really ran, which a busy host stretches past the second:
            // one request at once, then one every 10 ms (a late tick is caught up), and a few ticks more
            // between the reading above and the stop
            long due = 1 + sending / 10_000_000;

            assertThat(figures.requests()).isBetween(due * 8 / 10, due + 5);
            assertThat(figures.failures()).isZero();
            assertThat(figures.serverErrors()).isEqualTo(load.byPath().get("/broken").requests());
            assertThat(load.byPath().get("/ok").serverErrors()).isZero();
            assertThat(runPage.get()).isEqualTo((int) load.byPath().get("/runs/{run}").requests());
            assertThat(figures.p50Micros()).isPositive().isLessThanOrEqualTo(figures.p99Micros());
        } finally {
            server.stop(0);
        }
    }
}
