package dev.gameday.lab;

import dev.gameday.fault.FaultJournal;
import dev.gameday.fault.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a service left behind on a lab, seen from outside it: Docker and the containers themselves.
 * No helper container, no lease container, no GAMEDAY chain or rule in any broker's network namespace
 * (read by a throw-away container in it, as iptables needs NET_ADMIN, which the brokers lack), no tbf
 * or netem qdisc, no broker paused, stopped or with another CPU quota than before, and a fault journal
 * with nothing open.
 */
public final class Leftovers {

    private final Lab lab;
    private final Map<String, String> cpuQuotas;

    /** Reads the brokers' CPU quotas now, as they are before any fault. */
    public Leftovers(Lab lab) {
        this.lab = lab;
        this.cpuQuotas = lab.nodes().stream().map(lab::container)
                .collect(Collectors.toMap(c -> c, c -> inspect(c, "{{.HostConfig.CpuQuota}}")));
    }

    /** Waits up to {@code within} for nothing to be left (helpers are removed off the service's path); fails naming what is. */
    public void awaitNone(Path journal, Duration within) {
        try {
            Awaitility.await("nothing left on lab " + lab.name()).atMost(within).pollInterval(Duration.ofSeconds(1))
                    .until(() -> find(journal).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("left behind on lab " + lab.name() + " after " + within + ":\n  "
                    + String.join("\n  ", find(journal)), e);
        }
    }

    /** Each thing left behind, in words; empty when there is none. */
    public List<String> find(Path journal) {
        List<String> left = new ArrayList<>();
        List<String> ours = lab.nodes().stream().map(node -> inspect(lab.container(node), "{{.Id}}")).toList();
        for (String line : docker("ps", "-a", "--filter", "label=gameday.helper", "--format",
                "{{.Label \"gameday.helper.network-of\"}} {{.Names}} {{.Status}}")) {
            String networkOf = line.split(" ", 2)[0];
            if (ours.contains(networkOf) || networkOf.equals("none")) { // not another lab's, on the same engine
                left.add("helper container " + line.split(" ", 2)[1] + " (in the network of " + networkOf + ")");
            }
        }
        for (String line : docker("ps", "-a", "--filter", "label=gameday.lease=" + lab.name(), "--format",
                "{{.Names}} {{.Status}}")) {
            left.add("lease container " + line);
        }
        for (String node : lab.nodes()) {
            String container = lab.container(node);
            String state = inspect(container, "{{.State.Status}}");
            if (!state.equals("running")) {
                left.add(container + " is " + state);
                continue;
            }
            String quota = inspect(container, "{{.HostConfig.CpuQuota}}");
            if (!(unlimited(quota) && unlimited(cpuQuotas.get(container))) && !quota.equals(cpuQuotas.get(container))) {
                left.add(container + " has a CPU quota of " + quota + " µs (it had " + cpuQuotas.get(container) + ")");
            }
            docker("run", "--rm", "--network", "container:" + container, "--cap-add", "NET_ADMIN",
                    "kafka-gameday/base:bookworm", "iptables", "-w", "-S").stream()
                    .filter(rule -> rule.contains("GAMEDAY"))
                    .forEach(rule -> left.add("iptables in " + container + ": " + rule));
            docker("exec", container, "tc", "qdisc", "show").stream()
                    .filter(qdisc -> qdisc.startsWith("qdisc tbf") || qdisc.startsWith("qdisc netem"))
                    .forEach(qdisc -> left.add("qdisc in " + container + ": " + qdisc));
        }
        if (Files.exists(journal)) {
            for (JournalEntry open : new FaultJournal(journal).open()) {
                left.add("the journal " + journal + " shows fault " + open.faultId() + " (" + open.fault() + ") still "
                        + open.state());
            }
        }
        return left;
    }

    /** Docker reads 0 (never set) and -1 (set back to none, what a revert writes) as no quota. */
    private static boolean unlimited(String quota) {
        return quota.equals("0") || quota.equals("-1");
    }

    private static String inspect(String container, String format) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", format, container).strip();
    }

    private static List<String> docker(String... args) {
        return Arrays.stream(Lab.Docker.output(Duration.ofSeconds(60), args).split("\n"))
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
