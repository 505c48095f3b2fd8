package dev.gameday.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.docker.HelperResult;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.KillFault;
import dev.gameday.json.GamedayJackson;
import dev.gameday.target.TargetSelector;
import dev.gameday.verify.AnomalyKind;
import dev.gameday.verify.Hypothesis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a directory of definitions: strict, with file and line, and one bad file never stops the others. */
class CatalogTest {

    @TempDir
    Path dir;

    FaultFixture faults;
    Path experiments;
    List<Catalog.Loaded> fired = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        faults = new FaultFixture(dir);
        experiments = Files.createDirectories(dir.resolve("experiments"));
        Files.createDirectories(experiments.resolve("suites"));
    }

    Catalog catalog() {
        return catalog(experiments);
    }

    Catalog catalog(Path dir) {
        DefinitionValidator validator = new DefinitionValidator(faults.safety());
        ExperimentsConfig config = () -> dir;
        return new Catalog(config, validator, new FiringEvent<>(fired));
    }

    @Test
    void theShippedExperimentsAndTheConsumerOnesOfTheIntegrationTestsLoadWithoutAnError() {
        Catalog.Loaded shipped = catalog(Path.of("experiments")).reload();
        assertThat(shipped.errors()).isEmpty();
        assertThat(shipped.experiments()).containsKeys("group-coordinator-kill", "group-coordinator-kill-consumer-protocol",
                "transaction-coordinator-kill", "leader-kill-transactions");
        Catalog.Loaded consumers = catalog(Path.of("src/test/resources/experiments-consumers")).reload();
        assertThat(consumers.errors()).isEmpty();
        assertThat(consumers.experiments()).hasSize(5);
        assertThat(shipped.experiments()).containsKeys("connect-worker-kill", "leader-kill-pipeline", "registry-node-kill");
        Catalog.Loaded integrations = catalog(Path.of("src/test/resources/experiments-integrations")).reload();
        assertThat(integrations.errors()).isEmpty();
        assertThat(integrations.experiments()).hasSize(4);
    }

    void write(String file, String yaml) throws Exception {
        Files.writeString(experiments.resolve(file), yaml);
    }

    static final String GOOD = """
            name: leader-kill
            description: kill the leader
            probe: { topic: gameday-probe, partitions: 6, ratePerSecond: 500, warmup: 10s }
            hypothesis:
              lostWrites: 0
              maxUnavailability: 15s
            steps:
              - fault: kill
                signal: SIGKILL
                target: { role: partition-leader, topic: gameday-probe, partition: 0 }
                at: 10s
                duration: 30s
            """;

    @Test
    void aGoodDefinitionLoadsWithEveryField() throws Exception {
        write("leader-kill.yaml", GOOD);
        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.errors()).isEmpty();
        Experiment experiment = loaded.experiments().get("leader-kill");
        assertThat(experiment.probe().ratePerSecond()).isEqualTo(500);
        assertThat(experiment.hypothesis().maxUnavailability()).isEqualTo(Duration.ofSeconds(15));
        assertThat(experiment.steps()).containsExactly(new Step(new KillFault("SIGKILL"),
                TargetSelector.leaderOf("gameday-probe", 0), Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(fired).hasSize(1);
    }

    @Test
    void aStepCanAwaitAHealthyCluster() throws Exception {
        write("leader-kill.yaml", GOOD.replace("    duration: 30s", "    duration: 30s\n    awaitHealthy: true"));
        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.experiments().get("leader-kill").steps()).singleElement()
                .extracting(Step::awaitHealthy).isEqualTo(true);
        write("leader-kill.yaml", GOOD.replace("    duration: 30s", "    duration: 30s\n    awaitHealthy: maybe"));
        assertThat(catalog().reload().errors()).singleElement().asString()
                .contains("leader-kill.yaml").contains("awaitHealthy: true or false, got 'maybe'");
    }

    @Test
    void eachBadFileIsReportedWithItsLineAndTheOthersStillLoad() throws Exception {
        write("leader-kill.yaml", GOOD);
        write("typo-field.yaml", GOOD.replace("leader-kill", "typo-field").replace("    signal: SIGKILL", "    signa: SIGKILL"));
        write("typo-fault.yaml", GOOD.replace("leader-kill", "typo-fault").replace("fault: kill", "fault: kil"));
        write("bad-duration.yaml", GOOD.replace("leader-kill", "bad-duration").replace("duration: 30s", "duration: 30 sec"));
        write("bad-cron.yaml", "schedule: \"0 0 3 * *\"\n" + GOOD.replace("leader-kill", "bad-cron"));
        write("malformed.yaml", "name: malformed\nsteps: [ {fault: kill\n");
        write("no-duration.yaml", GOOD.replace("leader-kill", "no-duration").replace("    duration: 30s\n", ""));
        write("bad-target.yaml", GOOD.replace("leader-kill", "bad-target").replace(", partition: 0 }", " }"));
        write("suites/day.yaml", "name: day\nexperiments: [leader-kill, leader-kil]\n");

        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.experiments()).containsOnlyKeys("leader-kill");
        assertThat(loaded.suites()).isEmpty();
        assertThat(loaded.errors()).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "experiments/bad-cron.yaml:1: schedule: '0 0 3 * *' is not a Quartz cron expression (seconds minutes "
                        + "hours day-of-month month day-of-week, e.g. \"0 0 3 * * ?\"): Cron expression contains 5 parts "
                        + "but we expect one of [6, 7]",
                "experiments/bad-duration.yaml:12: steps[0].duration: bad duration '30 sec': write a whole number and "
                        + "a unit, like 500ms, 10s, 2m, 1h or 1m30s",
                "experiments/bad-target.yaml:10: steps[0].target.partition: role partition-leader needs a partition "
                        + "number >= 0",
                "experiments/malformed.yaml:2: malformed YAML: while parsing a flow mapping; expected ',' or '}', "
                        + "but got <stream end>",
                "experiments/no-duration.yaml:8: steps[0].duration: fault kill stays until reverted; say for how long, "
                        + "e.g. 30s",
                "experiments/typo-fault.yaml:8: steps[0].fault: unknown fault type 'kil' (known: kill, stop, restart, "
                        + "pause, isolate, partition, block-ports, cpu-throttle, bandwidth, latency, loss, rolling-restart, "
                        + "consumer-crash)",
                "experiments/typo-field.yaml:9: steps[0]: unknown field 'signa' (known: signal)",
                "experiments/suites/day.yaml:2: experiments[1]: unknown experiment 'leader-kil' (known: leader-kill)");
    }

    @Test
    void whatOnlyDockerOrTheClusterCanTellDoesNotKeepADefinitionFromLoading() throws Exception {
        faults.runtime.isolatedHelperAnswers(new HelperResult(2, "Error: Specified qdisc kind is unknown."));
        write("elsewhere.yaml", """
                name: elsewhere
                steps:
                  - fault: latency
                    delay: 100ms
                    target: { name: no-such-container }
                    duration: 10s
                  - fault: pause
                    target: { role: broker, id: 9 }
                    duration: 10s
                """);
        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.experiments()).containsOnlyKeys("elsewhere");
        assertThat(faults.runtime.calls()).isEmpty();
    }

    @Test
    void aProbeTopicKafkaWouldRefuseOrAnInternalOneIsRefusedNamingTheField() throws Exception {
        write("spaces.yaml", GOOD.replace("leader-kill", "spaces").replace("topic: gameday-probe, partitions",
                "topic: game day, partitions"));
        write("dots.yaml", GOOD.replace("leader-kill", "dots").replace("topic: gameday-probe, partitions",
                "topic: '..', partitions"));
        write("long.yaml", GOOD.replace("leader-kill", "long").replace("topic: gameday-probe, partitions",
                "topic: " + "t".repeat(250) + ", partitions"));
        write("offsets.yaml", GOOD.replace("leader-kill", "offsets").replace("topic: gameday-probe, partitions",
                "topic: __consumer_offsets, partitions"));
        write("internal.yaml", GOOD.replace("leader-kill", "internal").replace("topic: gameday-probe, partitions",
                "topic: __anything, partitions"));

        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "experiments/spaces.yaml:3: probe.topic: 'game day' is not a topic name Kafka accepts: use only "
                        + "letters, digits, '.', '_' and '-'",
                "experiments/dots.yaml:3: probe.topic: '..' is not a topic name Kafka accepts",
                "experiments/long.yaml:3: probe.topic: is 250 characters long; Kafka accepts at most 249",
                "experiments/offsets.yaml:3: probe.topic: '__consumer_offsets' is one of Kafka's internal topics "
                        + "(their names start with '__'); the probe writes only to a topic of its own",
                "experiments/internal.yaml:3: probe.topic: '__anything' is one of Kafka's internal topics "
                        + "(their names start with '__'); the probe writes only to a topic of its own");
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsLineAndName() throws Exception {
        write("twice.yaml", GOOD.replace("leader-kill", "twice").replace("    duration: 30s",
                "    duration: 30s\n    duration: 5s"));
        write("twice-top.yaml", GOOD.replace("leader-kill", "twice-top") + "name: again\n");

        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "experiments/twice.yaml:13: steps[0].duration: given twice (first on line 12); the last would "
                        + "silently win, so keep one",
                "experiments/twice-top.yaml:13: name: given twice (first on line 1); the last would silently win, "
                        + "so keep one");
    }

    @Test
    void aNegativeHypothesisCountIsRefusedNamingItsField() throws Exception {
        write("negative.yaml", GOOD.replace("  lostWrites: 0", "  lostWrites: -1\n  reorders: -3"));

        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactly(
                "experiments/negative.yaml:5: hypothesis.lostWrites: must be 0 or more, got -1",
                "experiments/negative.yaml:6: hypothesis.reorders: must be 0 or more, got -3");
    }

    @Test
    void theHypothesisIsAnAllowancePerAnomalyKindUnderReadableKeys() throws Exception {
        write("allowances.yaml", GOOD.replace("warmup: 10s }", "warmup: 10s, group: { consumers: 3 } }")
                .replace("  lostWrites: 0", "  lostWrites: 0\n  redeliveries: 100\n  skips: 0\n"
                + "  maxRebalance: 30s\n  maxResume: 45s\n  writesRefused: true"));
        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.errors()).isEmpty();
        Hypothesis h = loaded.experiments().get("leader-kill").hypothesis();
        assertThat(h.allowed(AnomalyKind.REDELIVERY)).isEqualTo(100);
        assertThat(h.allowed(AnomalyKind.DUPLICATE)).isZero(); // not given: none allowed
        assertThat(h.maxRebalance()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.maxResume()).isEqualTo(Duration.ofSeconds(45));
        assertThat(h.writesRefused()).isTrue();
        ObjectMapper json = GamedayJackson.json();
        assertThat(json.readValue(json.writeValueAsString(h), Hypothesis.class)).isEqualTo(h);
        assertThat(json.writeValueAsString(h)).isEqualTo("{\"lostWrites\":0,\"redeliveries\":100,\"skips\":0,"
                + "\"maxUnavailability\":\"15s\",\"maxRebalance\":\"30s\",\"maxResume\":\"45s\",\"writesRefused\":true}");
    }

    @Test
    void anUnknownHypothesisKeyIsRefusedWithTheKnownOnes() throws Exception {
        write("typo.yaml", GOOD.replace("  lostWrites: 0", "  lostWrite: 0"));
        write("not-a-count.yaml", GOOD.replace("leader-kill", "not-a-count").replace("  lostWrites: 0", "  skips: some"));

        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "experiments/typo.yaml:5: hypothesis: unknown field 'lostWrite' (known: abortedReads, duplicates, "
                        + "earlyReads, inconsistentOffsets, lostTransactions, lostWrites, maxConsumerStall, maxRebalance, "
                        + "maxResume, maxUnavailability, nonMonotonicPolls, pipelineDuplicates, pipelineLost, pollSkips, "
                        + "recoveryWithin, redeliveries, registryFailures, "
                        + "reorders, skips, tornTransactions, unexpected, unseen, writesRefused)",
                "experiments/not-a-count.yaml:5: hypothesis.skips: expected a whole number, got 'some'");
    }

    static final String GROUP = """
            name: group-crash
            probe: { topic: gameday-probe, partitions: 6, group: { consumers: 3, protocol: consumer } }
            hypothesis: { skips: 0, maxRebalance: 30s }
            steps:
              - fault: consumer-crash
                member: 2
                at: 5s
                duration: 10s
            """;

    @Test
    void aConsumerCrashNeedsNoTargetAndTheGroupIsTheExperimentsOwn() throws Exception {
        write("group-crash.yaml", GROUP + """
                  - fault: kill
                    target: { role: group-coordinator }
                    at: 30s
                    duration: 10s
                """);
        Catalog.Loaded loaded = catalog().reload();

        assertThat(loaded.errors()).isEmpty();
        Experiment experiment = loaded.experiments().get("group-crash");
        assertThat(experiment.probe().group().id()).isEqualTo("gameday-group-crash");
        assertThat(experiment.steps()).containsExactly(Step.onProbes(new ConsumerCrash(2), Duration.ofSeconds(5),
                Duration.ofSeconds(10), false), new Step(new KillFault(null),
                TargetSelector.coordinatorOfGroup("gameday-group-crash"), Duration.ofSeconds(30), Duration.ofSeconds(10)));
        ObjectMapper json = GamedayJackson.json();
        assertThat(json.readValue(json.writeValueAsString(experiment), Experiment.class)).isEqualTo(experiment);
    }

    @Test
    void aGroupProbeOrTransactionsTheClusterCouldNotServeAreRefusedNamingTheFields() throws Exception {
        write("narrow.yaml", GROUP.replace("group-crash", "narrow").replace("partitions: 6", "partitions: 2"));
        write("unsafe.yaml", GOOD.replace("leader-kill", "unsafe").replace("warmup: 10s", "warmup: 10s, acks: 1, "
                + "transactions: true"));
        write("no-group.yaml", GROUP.replace("group-crash", "no-group")
                .replace(", group: { consumers: 3, protocol: consumer }", ""));
        write("crash-target.yaml", GROUP.replace("group-crash", "crash-target").replace("    member: 2",
                "    target: { role: broker, id: 2 }"));
        write("slot.yaml", GROUP.replace("group-crash", "slot").replace("member: 2", "member: 3"));

        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "experiments/narrow.yaml:2: probe.group.consumers: 3 consumers for 2 partitions (probe.partitions): "
                        + "a consumer would have nothing to consume; use at most 2 consumers or more partitions",
                "experiments/unsafe.yaml:3: probe.acks: transactions (probe.transactions) need acks all, got '1'",
                "experiments/no-group.yaml:3: hypothesis.maxRebalance: only the group probe measures rebalances; add "
                        + "probe.group",
                "experiments/no-group.yaml:5: steps[0].fault: consumer-crash crashes a member of the group probe; add "
                        + "probe.group",
                "experiments/crash-target.yaml:6: steps[0].target: fault consumer-crash acts on the run's own probes, "
                        + "not on containers; remove target",
                "experiments/slot.yaml:6: steps[0].member: the group probe has 3 members (slots 0 to 2), not 3");
    }

    @Test
    void stepsThatHoldTheSameThingOfOneTargetAtOnceAreRefused() throws Exception {
        write("clash.yaml", """
                name: clash
                steps:
                  - fault: pause
                    target: { role: broker, id: 2 }
                    duration: 20s
                  - fault: kill
                    target: { role: broker, id: 2 }
                    at: 10s
                    duration: 5s
                """);
        assertThat(catalog().reload().errors()).extracting(DefinitionError::toString).containsExactly(
                "experiments/clash.yaml:6: steps[1]: kill on broker 2 overlaps pause of steps[0] on the same target; "
                        + "both hold its lifecycle");
    }

    @Test
    void twoFilesWithOneNameKeepTheFirst() throws Exception {
        write("a.yaml", GOOD);
        write("b.yaml", GOOD);
        Catalog.Loaded loaded = catalog().reload();
        assertThat(loaded.experiments()).containsOnlyKeys("leader-kill");
        assertThat(loaded.errors()).extracting(DefinitionError::toString)
                .containsExactly("experiments/b.yaml:1: another file already defines 'leader-kill'; names must be unique");
    }
}
