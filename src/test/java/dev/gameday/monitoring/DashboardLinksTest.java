package dev.gameday.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Game day dashboard leads from an experiment's figures to its latest run's page (the metrics
 * carry no run id), through a variable MonitoringIT does not take for a PromQL expression.
 */
class DashboardLinksTest {

    static final String LATEST = "${gameday_url}/ui/experiments/${__field.labels.experiment}/latest";

    final JsonNode dashboard = read();

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("grafana/dashboards/game-day.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyPanelByExperimentLinksToItsLatestRun() {
        List<String> unlinked = new ArrayList<>();
        int linked = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            boolean byExperiment = false;
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                byExperiment |= expr.startsWith("gameday_") && expr.contains("{experiment=~")
                        || expr.contains("by (experiment");
            }
            List<String> urls = new ArrayList<>();
            panel.path("fieldConfig").path("defaults").path("links").forEach(l -> urls.add(l.path("url").asText()));
            if (byExperiment && !urls.contains(LATEST)) {
                unlinked.add(panel.path("title").asText());
            }
            linked += urls.contains(LATEST) ? 1 : 0;
        }
        assertThat(unlinked).isEmpty();
        assertThat(linked).isEqualTo(13);
    }

    @Test
    void theServiceUrlIsAVariableThatIsNoQuery() {
        JsonNode variable = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("gameday_url")) {
                variable = v;
            }
        }
        assertThat(variable).isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("textbox");
        assertThat(PrometheusUnderTest.expressions(dashboard)).noneMatch(e -> e.contains("http://"));
    }
}
