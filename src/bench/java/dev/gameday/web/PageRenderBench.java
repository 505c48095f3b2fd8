package dev.gameday.web;

import dev.gameday.api.ApiCredentials;
import dev.gameday.run.RunReport;
import dev.gameday.run.store.RunStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * How fast the page of a one-hour run (3,600 timeline points, 12 partitions) is drawn in headless
 * Chromium: from navigation start to the flag the page sets once both charts are drawn
 * (window.gamedayChartsDrawn), one warm-up load and then 5, printed with their median. A benchmark,
 * not a test: bench/run.sh pages runs it; it asserts nothing about the time.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PageRenderBench {

    static final int LOADS = 5;

    @TestHTTPResource("/")
    URL service;

    @Inject
    RunStore store;

    @Test
    void theRunPageOfAnHourLongRun() {
        RunReport hour = RunFixtures.passed("leader-kill", Instant.now().minus(Duration.ofHours(2)), 3600, 12);
        store.save(hour);
        List<Double> drawn = new ArrayList<>();
        try (Browser browser = new Browser(service.toString().replaceAll("/$", ""), ApiCredentials.OPERATOR,
                ApiCredentials.OPERATOR_PASSWORD)) {
            for (int load = 0; load <= LOADS; load++) {
                browser.open("/ui/runs/" + hour.id());
                Awaitility.await("the charts are drawn").atMost(Duration.ofSeconds(60))
                        .until(() -> browser.script("return window.gamedayChartsDrawn") != null);
                @SuppressWarnings("unchecked")
                Map<String, Number> t = (Map<String, Number>) browser.script("const n = performance.getEntriesByType("
                        + "'navigation')[0]; return {drawn: window.gamedayChartsDrawn, response: n.responseEnd, "
                        + "dom: n.domContentLoadedEventEnd, bytes: n.transferSize};");
                System.out.printf("[pages] load %d%s: charts drawn %.0f ms after navigation start (HTML received "
                                + "%.0f ms, DOMContentLoaded %.0f ms, %,d bytes)%n", load, load == 0 ? " (warm-up)" : "",
                        t.get("drawn").doubleValue(), t.get("response").doubleValue(), t.get("dom").doubleValue(),
                        t.get("bytes").longValue());
                if (load > 0) {
                    drawn.add(t.get("drawn").doubleValue());
                }
            }
            browser.screenshot("run-hour");
        }
        List<Double> sorted = drawn.stream().sorted().toList();
        System.out.printf("[pages] run page of a one-hour run (%d timeline points, %d partitions): median %.0f ms "
                        + "over %d loads (min %.0f, max %.0f); target under 1000 ms%n", hour.timeline().size(),
                hour.measured().unavailability().size(), sorted.get(sorted.size() / 2), LOADS, sorted.get(0),
                sorted.get(sorted.size() - 1));
    }
}
