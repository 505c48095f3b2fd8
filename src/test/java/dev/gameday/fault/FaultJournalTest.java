package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerState;
import dev.gameday.target.TargetSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's format and its damage, on fixtures (src/test/resources/journal): version 1 lines
 * still load, version 2 lines carry their engine, and a line cut off mid-write or unreadable in the
 * middle is repaired or skipped with one line each, nothing left injected.
 */
class FaultJournalTest {

    static final Path FIXTURES = Path.of("src/test/resources/journal");

    @TempDir
    Path dir;

    FaultFixture fixture;
    final List<String> reports = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new FaultFixture(dir);
    }

    private FaultJournal journalFrom(String fixtureFile) throws Exception {
        Files.copy(FIXTURES.resolve(fixtureFile), fixture.journal);
        return new FaultJournal(fixture.journal, reports::add);
    }

    private void set(String id, ContainerState state, long cpuQuotaMicros) {
        ContainerInfo c = fixture.runtime.inspect(id);
        fixture.runtime.add(new ContainerInfo(c.id(), c.name(), state, 0, c.labels(), c.networks(), cpuQuotaMicros,
                cpuQuotaMicros > 0 ? 100_000 : 0));
    }

    @Test
    void versionOneLinesLoadAndMeanTheConfiguredEngine() throws Exception {
        FaultJournal journal = journalFrom("v1.jsonl");

        assertThat(journal.open()).singleElement().satisfies(open -> {
            assertThat(open.faultId()).isEqualTo("f-pause");
            assertThat(open.version()).isEqualTo(1);
            assertThat(open.engine()).isNull();
            assertThat(open.engineOr("unix:///var/run/docker.sock")).isEqualTo("unix:///var/run/docker.sock");
            assertThat(open.state()).isEqualTo(JournalEntry.State.ACTIVE);
            assertThat(open.effects()).containsExactly(new Effect.Paused("id-kafka-1", "kafka-1"));
        });
        assertThat(reports).isEmpty();

        set("id-kafka-1", ContainerState.PAUSED, 0);
        fixture.recoveredService();
        assertThat(fixture.runtime.calls()).containsExactly("unpause id-kafka-1");
        assertThat(journal.open()).isEmpty();
    }

    @Test
    void linesAreWrittenInVersionThreeWithTheEngineOfEachEffect() throws Exception {
        FaultInjector injector = fixture.injector();
        ActiveFault fault = injector.inject(new FaultRequest("run-1", "test", 1, new PauseFault(), TargetSelector.broker(1),
                Duration.ofSeconds(30), new Random(1)));
        injector.revert(fault.id(), "test");

        List<String> lines = Files.readAllLines(fixture.journal);
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line)
                .startsWith("{\"v\":3,\"faultId\":\"" + fault.id() + "\""));
        assertThat(lines.get(0)).endsWith(",\"engine\":\"fake://docker\",\"engines\":{\"id-kafka-1\":\"fake://docker\"}}");
        assertThat(lines.subList(1, 3)).allSatisfy(line -> assertThat(line).endsWith(",\"engine\":\"fake://docker\"}"));
        assertThat(new FaultJournal(fixture.journal).read()).extracting(JournalEntry::version).containsOnly(3);
    }

    @Test
    void aLineCutOffMidWriteIsRemovedAndAnUnreadableOneSkippedEachSaidOnce() throws Exception {
        FaultJournal journal = journalFrom("damaged.jsonl");

        journal.repair();
        assertThat(reports).singleElement().asString()
                .startsWith("the fault journal " + fixture.journal + " ended in a line cut off mid-write (")
                .contains("\"faultId\":\"f-torn\"")
                .endsWith("): removed it; the call that line announced was never made");
        assertThat(Files.readString(fixture.journal)).endsWith("}\n").doesNotContain("f-torn");

        reports.clear();
        assertThat(journal.read()).extracting(JournalEntry::faultId)
                .containsExactly("f-pause", "f-cpu", "f-pause", "f-elsewhere");
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).startsWith("the fault journal " + fixture.journal + ":2 cannot be read (")
                .endsWith("skipped it; it names fault f-cpu (cpu-throttle), whose effects, if it is still open, "
                        + "recovery looks for on every allow-listed container");
        assertThat(reports.get(1)).startsWith("the fault journal " + fixture.journal + ":4 cannot be read (")
                .contains("%%%% not json at all %%%%").endsWith("skipped it; it names no fault");

        journal.read();
        new FaultJournal(fixture.journal, reports::add).read();
        assertThat(reports).as("each damaged line is reported once").hasSize(2);
    }

    @Test
    void recoveryOfADamagedJournalLeavesNothingInjectedButWhatIsOnAnotherEngine() throws Exception {
        Files.copy(FIXTURES.resolve("damaged.jsonl"), fixture.journal);
        set("id-kafka-1", ContainerState.PAUSED, 0);      // f-pause, readable
        set("id-kafka-2", ContainerState.RUNNING, 20_000); // f-cpu, whose effects are lost with its line
        set("id-kafka-3", ContainerState.PAUSED, 0);      // f-elsewhere: another engine's container of that id

        fixture.recoveredService();

        assertThat(fixture.runtime.calls()).containsExactly("unpause id-kafka-1", "cpu id-kafka-2 quota=-1 period=100000");
        assertThat(fixture.runtime.state("id-kafka-3")).isEqualTo(ContainerState.PAUSED);
        FaultJournal journal = new FaultJournal(fixture.journal);
        assertThat(journal.open()).extracting(JournalEntry::faultId).containsExactly("f-elsewhere");
        assertThat(journal.read()).filteredOn(e -> e.faultId().equals("f-cpu")).last().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JournalEntry.State.REVERTED);
            assertThat(e.note()).isEqualTo("reverted at start-up with its effects unknown (its journal line was "
                    + "damaged): undid what a cpu-throttle leaves on every allow-listed container [kafka-1, kafka-2, "
                    + "kafka-3]");
        });
    }

    @Test
    void aLineAppendedAfterATornOneIsReadable() throws Exception {
        FaultJournal journal = journalFrom("damaged.jsonl");
        journal.append(JournalEntry.of("f-new", "run-3", "x", 1, "pause", JournalEntry.State.INJECTING,
                Instant.parse("2026-11-28T11:00:00Z"), Instant.parse("2026-11-28T11:01:00Z"),
                List.of(new Effect.Paused("id-kafka-2", "kafka-2")), null, "fake://docker", null));

        assertThat(journal.read()).extracting(JournalEntry::faultId).contains("f-torn", "f-new");
        assertThat(journal.open()).extracting(JournalEntry::faultId).contains("f-new");
    }

    @Test
    void aJournalThatCannotBeWrittenRefusesTheFaultBeforeAnyDockerCallNamingItsPath() throws Exception {
        Files.createDirectories(fixture.journal); // any write to it fails, as on a full disk
        FaultInjector injector = fixture.injector();

        assertThatThrownBy(() -> injector.inject(new FaultRequest("run-1", "test", 1, new PauseFault(),
                TargetSelector.broker(1), Duration.ofSeconds(30), new Random(1))))
                .isInstanceOf(JournalUnwritableException.class)
                .hasMessageStartingWith("the fault journal " + fixture.journal + " cannot be written (")
                .hasMessageEndingWith("): no fault is injected without the line that lets a restart revert it");
        assertThat(fixture.runtime.calls()).isEmpty();
        assertThat(injector.active()).isEmpty();
    }

    @Test
    void aLargeJournalStartsAfreshWithItsOpenFaultsAndKeepsTheOldOneBeside() throws Exception {
        FaultInjector injector = fixture.injector();
        ActiveFault open = injector.inject(new FaultRequest("run-1", "test", 1, new PauseFault(), TargetSelector.broker(1),
                Duration.ofMinutes(10), new Random(1)));
        ActiveFault closed = injector.inject(new FaultRequest("run-1", "test", 2, new PauseFault(),
                TargetSelector.broker(2), Duration.ofMinutes(10), new Random(1)));
        injector.revert(closed.id(), "test");
        FaultJournal journal = new FaultJournal(fixture.journal, reports::add);

        journal.compactIfLargerThan(10);

        assertThat(journal.read()).extracting(JournalEntry::faultId).containsExactly(open.id());
        assertThat(journal.open()).singleElement().satisfies(e -> assertThat(e.effects())
                .containsExactly(new Effect.Paused("id-kafka-1", "kafka-1")));
        assertThat(Files.readString(fixture.journal.resolveSibling("journal.jsonl.1"))).contains(closed.id());
        assertThat(reports).isEmpty();
    }

    @Test
    void aCompactionThatCannotWriteLeavesTheJournalAsItWasAndSaysSo() throws Exception {
        FaultJournal journal = journalFrom("v1.jsonl");
        String before = Files.readString(fixture.journal);
        Files.createDirectories(fixture.journal.resolveSibling("journal.jsonl.new").resolve("in-the-way"));

        journal.compactIfLargerThan(10);

        assertThat(Files.readString(fixture.journal)).isEqualTo(before);
        assertThat(reports).singleElement().asString()
                .startsWith("the fault journal " + fixture.journal + " could not be compacted (")
                .endsWith("); it is kept as it is and grows on");
    }

    @Test
    void everyFaultKindIsKnownToTheRecoveryOfUnknownEffects() {
        assertThat(UnknownEffects.HOLDS).containsOnlyKeys(FaultSpec.types());
        assertThat(UnknownEffects.HOLDS.get("pause")).isEqualTo(new PauseFault().hold());
        assertThat(UnknownEffects.HOLDS.get("cpu-throttle")).isEqualTo(new CpuThrottleFault(0.5).hold());
        assertThat(UnknownEffects.HOLDS.get("isolate")).isEqualTo(new IsolateFault().hold());
        assertThat(UnknownEffects.HOLDS.get("bandwidth")).isEqualTo(new BandwidthFault("1mbit", null, null).hold());
        assertThat(UnknownEffects.HOLDS.get("rolling-restart")).isEqualTo(new RollingRestartFault(null, null).hold());
    }
}
