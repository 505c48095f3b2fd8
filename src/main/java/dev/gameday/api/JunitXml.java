package dev.gameday.api;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A suite run as JUnit XML (the Ant/Jenkins format CI systems read): the suite a testsuite, each
 * experiment's run a testcase; a FAIL a failure with the reasons, ABORTED, ERROR and INTERRUPTED
 * an error, SKIPPED skipped.
 */
public final class JunitXml {

    private JunitXml() {}

    public static String of(SuiteRunReport suite) {
        List<RunReport> runs = suite.runs();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "kafka-gameday");
            counts(xml, runs, seconds(suite.requestedAt(), suite.endedAt()));
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite.suite());
            counts(xml, runs, seconds(suite.requestedAt(), suite.endedAt()));
            xml.writeAttribute("timestamp", suite.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString());
            xml.writeAttribute("id", suite.id());
            xml.writeStartElement("properties");
            property(xml, "suite-run", suite.id());
            property(xml, "status", suite.status().label());
            property(xml, "trigger", suite.trigger());
            for (String reason : suite.reasons()) {
                property(xml, "reason", reason);
            }
            xml.writeEndElement();
            for (RunReport run : runs) {
                testcase(xml, suite.suite(), run);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML of suite run " + suite.id(), e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter xml, String suite, RunReport run) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", run.experiment());
        xml.writeAttribute("classname", "gameday." + suite);
        xml.writeAttribute("time", seconds(run.startedAt(), run.endedAt()));
        String reasons = clean(String.join("\n", run.reasons()));
        String first = run.reasons().isEmpty() ? run.status().label() : clean(run.reasons().get(0));
        switch (run.status()) {
            case PASS -> { }
            case FAIL -> outcome(xml, "failure", first, reasons, run.status());
            case ABORTED, ERROR, INTERRUPTED -> outcome(xml, "error", first, reasons, run.status());
            case SKIPPED, RUNNING -> {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", run.status() == RunStatus.RUNNING ? "still running" : first);
            }
        }
        xml.writeStartElement("system-out");
        xml.writeCharacters("run " + run.id() + ", seed " + run.seed() + ", " + run.status().label() + "\n");
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void outcome(XMLStreamWriter xml, String element, String message, String reasons, RunStatus status)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("message", message);
        xml.writeAttribute("type", status.name());
        xml.writeCharacters(reasons);
        xml.writeEndElement();
    }

    private static void counts(XMLStreamWriter xml, List<RunReport> runs, String time) throws XMLStreamException {
        xml.writeAttribute("tests", String.valueOf(runs.size()));
        xml.writeAttribute("failures", String.valueOf(count(runs, RunStatus.FAIL)));
        xml.writeAttribute("errors", String.valueOf(count(runs, RunStatus.ABORTED) + count(runs, RunStatus.ERROR)
                + count(runs, RunStatus.INTERRUPTED)));
        xml.writeAttribute("skipped", String.valueOf(count(runs, RunStatus.SKIPPED) + count(runs, RunStatus.RUNNING)));
        xml.writeAttribute("time", time);
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value == null ? "" : value));
    }

    private static long count(List<RunReport> runs, RunStatus status) {
        return runs.stream().filter(r -> r.status() == status).count();
    }

    private static String seconds(Instant from, Instant to) {
        long ms = from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** Characters XML 1.0 cannot carry (control characters but tab and newlines) become '?'. */
    private static String clean(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }
}
