package dev.gameday.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** A suite run as JUnit XML: valid against the committed schema, one test case per experiment's run. */
public class JunitXmlTest {

    static final Path SCHEMA = Path.of("src/test/resources/junit/junit.xsd");
    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");

    static RunReport run(String experiment, RunStatus status, int minute, String... reasons) {
        return new RunReport("run-" + experiment, experiment, "suite-1", status, null, "schedule", 11L,
                T0.plusSeconds(60L * minute), T0.plusSeconds(60L * minute + 1), T0.plusSeconds(60L * minute + 51),
                List.of(reasons), List.of(), null, null, null, null);
    }

    static final SuiteRunReport SUITE = new SuiteRunReport("suite-1", "default", RunStatus.FAIL, "schedule", T0,
            T0.plusSeconds(600), List.of("2 of 6 experiment(s) failed"), List.of(
                    run("leader-kill", RunStatus.PASS, 0),
                    run("broker-pause", RunStatus.FAIL, 1, "lost writes: 2, allowed 0 (p0: 5-6)",
                            "unavailability: 12s on partition 3, allowed 10s <&>"),
                    run("controller-kill", RunStatus.ABORTED, 2, "steady state not met: 1 offline partition"),
                    run("minority", RunStatus.ERROR, 3, "the run failed: Docker went away"),
                    run("rolling-restart", RunStatus.SKIPPED, 4, "skipped: run x of y is in progress"),
                    run("leader-isolated", RunStatus.INTERRUPTED, 5, "the service stopped while the run was in its "
                            + "faults phase, after its last checkpoint at 2026-11-27T04:05:31Z")));

    public static void validate(String xml) throws Exception {
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(SCHEMA.toFile()).newValidator();
        validator.validate(new StreamSource(new StringReader(xml)));
    }

    public static String xpath(String xml, String expression) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
        return XPathFactory.newInstance().newXPath().evaluate(expression, document);
    }

    @Test
    void aSuiteRunIsValidJunitXml() throws Exception {
        validate(JunitXml.of(SUITE));
    }

    @Test
    void eachExperimentIsATestCaseWithItsOutcome() throws Exception {
        String xml = JunitXml.of(SUITE);
        assertThat(xpath(xml, "/testsuites/testsuite/@name")).isEqualTo("default");
        assertThat(xpath(xml, "/testsuites/testsuite/@tests")).isEqualTo("6");
        assertThat(xpath(xml, "/testsuites/testsuite/@failures")).isEqualTo("1");
        assertThat(xpath(xml, "/testsuites/testsuite/@errors")).isEqualTo("3");
        assertThat(xpath(xml, "/testsuites/testsuite/@skipped")).isEqualTo("1");
        assertThat(xpath(xml, "/testsuites/testsuite/@time")).isEqualTo("600.000");
        assertThat(xpath(xml, "count(//testcase[@name='leader-kill']/*[self::failure or self::error or self::skipped])"))
                .isEqualTo("0");
        assertThat(xpath(xml, "//testcase[@name='leader-kill']/@time")).isEqualTo("50.000");
        assertThat(xpath(xml, "//testcase[@name='broker-pause']/failure/@message"))
                .isEqualTo("lost writes: 2, allowed 0 (p0: 5-6)");
        assertThat(xpath(xml, "//testcase[@name='broker-pause']/failure"))
                .isEqualTo("lost writes: 2, allowed 0 (p0: 5-6)\nunavailability: 12s on partition 3, allowed 10s <&>");
        assertThat(xpath(xml, "//testcase[@name='controller-kill']/error/@type")).isEqualTo("ABORTED");
        assertThat(xpath(xml, "//testcase[@name='minority']/error/@message")).isEqualTo("the run failed: Docker went away");
        assertThat(xpath(xml, "//testcase[@name='rolling-restart']/skipped/@message"))
                .isEqualTo("skipped: run x of y is in progress");
        assertThat(xpath(xml, "//testcase[@name='leader-isolated']/error/@type")).isEqualTo("INTERRUPTED");
        assertThat(xpath(xml, "//testcase[@name='leader-isolated']/error/@message"))
                .startsWith("the service stopped while the run was in its faults phase");
        assertThat(xpath(xml, "//property[@name='reason']/@value")).isEqualTo("2 of 6 experiment(s) failed");
    }

    @Test
    void theSchemaRefusesWhatCiSystemsCouldNotRead() {
        assertThatThrownBy(() -> validate("<testsuites><testsuite name='x' tests='1'><testcase classname='c'/>"
                + "</testsuite></testsuites>")).isInstanceOf(SAXException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> validate("<testsuite name='x' tests='1'><testcase name='a' classname='c'>"
                + "<failure/><error/></testcase></testsuite>")).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> validate("<testsuite name='x' tests='-1'/>")).isInstanceOf(SAXException.class);
    }
}
