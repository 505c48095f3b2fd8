package dev.gameday.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gameday.api.RunReportRenderer;
import dev.gameday.json.GamedayJackson;
import dev.gameday.run.RunReport;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders a run: its view for the page, and the self-contained report (one file, charts included). */
@ApplicationScoped
public class RunPages implements RunReportRenderer {

    private static final YAMLMapper YAML = GamedayJackson.configure(YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    private final ObjectMapper json;
    private final Template report;

    public RunPages(ObjectMapper json, @Location("Pages/report.html") Template report) {
        this.json = json;
        this.report = report;
    }

    public RunView view(RunReport run) {
        return RunView.of(run, write(YAML, run.definition()), jsonInScript(write(json, run)));
    }

    /** The run as one HTML file: uPlot, the page's script and style and the data inlined; no link needed. */
    @Override
    public String report(RunReport run) {
        return report.data("view", view(run))
                .data("inlineUplot", codeInScript(Assets.text(Assets.UPLOT_JS)))
                .data("inlineCss", Assets.text(Assets.UPLOT_CSS) + "\n" + Assets.text(Assets.PAGE_CSS))
                .data("inlineRunJs", codeInScript(Assets.text(Assets.RUN_JS)))
                .render();
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return value == null ? "" : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * JSON that may sit inside a script element: no "</script>" or "<!--" can end or confuse it.
     * In JSON a '<' can only be inside a string, where \u003c means the same.
     */
    static String jsonInScript(String text) {
        return text.replace("<", "\\u003c");
    }

    /** Script code inlined into a script element: "</" only occurs in its strings, where "<\/" means the same. */
    static String codeInScript(String code) {
        return code.replace("</", "<\\/").replace("<!--", "<\\!--");
    }
}
