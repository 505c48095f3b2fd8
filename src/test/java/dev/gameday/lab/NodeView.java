package dev.gameday.lab;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster as one node sees it, asked with Kafka's own tools inside that node's container. In a
 * network fault this is the truthful view: a client on the host may be answered by the cut-off
 * node's stale metadata, a client inside a node on the majority side cannot even reach it.
 */
public final class NodeView {

    private static final Pattern PARTITION = Pattern.compile(
            "Partition: (\\d+)\\s+Leader: (-?\\d+|none)\\s+Replicas: ([\\d,]+)\\s+Isr: ([\\d,]*)");
    private static final Pattern LEADER_ID = Pattern.compile("LeaderId:\\s+(-?\\d+)");

    private final String container;
    private final String bootstrap;

    public NodeView(Lab lab, int nodeId) {
        this.container = lab.containerOfNode(nodeId);
        this.bootstrap = "kafka-" + nodeId + ":9092";
    }

    public record PartitionView(int leader, List<Integer> isr) {}

    public PartitionView partition(String topic, int partition) {
        String out = tool("kafka-topics --describe --topic " + topic);
        Matcher m = PARTITION.matcher(out);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == partition) {
                int leader = m.group(2).equals("none") ? -1 : Integer.parseInt(m.group(2));
                List<Integer> isr = m.group(4).isEmpty() ? List.of()
                        : Arrays.stream(m.group(4).split(",")).map(Integer::parseInt).toList();
                return new PartitionView(leader, isr);
            }
        }
        throw new IllegalStateException("no partition " + partition + " in:\n" + out);
    }

    /**
     * Runs a tool with short client timeouts: right after a fault a request may go to a node that is
     * gone, and the next poll should come soon rather than after the default 60 s. The tool is ended
     * inside the container after 20 s: a reading the test gave up on must not keep a JVM running
     * beside the broker (ending the docker client does not end what it started).
     */
    private String tool(String command) {
        String[] words = command.split(" ", 2);
        String script = "cat /etc/kafka/secrets/admin.properties > /tmp/fast.properties && "
                + "printf 'request.timeout.ms=4000\\ndefault.api.timeout.ms=6000\\n' >> /tmp/fast.properties && "
                + "timeout --kill-after=2 20 " + words[0] + " --bootstrap-server " + bootstrap
                + " --command-config /tmp/fast.properties " + words[1];
        return Lab.Docker.output(Duration.ofSeconds(30), "exec", container, "bash", "-c", script);
    }

    public int activeController() {
        String out = tool("kafka-metadata-quorum describe --status");
        Matcher m = LEADER_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no LeaderId in:\n" + out);
        }
        return Integer.parseInt(m.group(1));
    }
}
