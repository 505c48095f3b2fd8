package dev.gameday.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The cluster as one node sees it, asked with Kafka's own tools inside that node's container (and
 * its quorum leader from the node's own metrics). In a
 * network fault this is the truthful view: a client on the host may be answered by the cut-off
 * node's stale metadata, a client inside a node on the majority side cannot even reach it.
 */
public final class NodeView {

    private static final Pattern PARTITION = Pattern.compile(
            "Partition: (\\d+)\\s+Leader: (-?\\d+|none)\\s+Replicas: ([\\d,]+)\\s+Isr: ([\\d,]*)");

    private static final Pattern CURRENT_LEADER = Pattern.compile(
            "(?m)^kafka_server_raftmetrics_current_leader(?:\\{[^}]*\\})? (-?[0-9.]+(?:E[0-9]+)?)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String container;
    private final String bootstrap;
    private final String metricsUrl;

    public NodeView(Lab lab, int nodeId) {
        this.container = lab.containerOfNode(nodeId);
        this.bootstrap = "kafka-" + nodeId + ":9092";
        this.metricsUrl = lab.metricsUrl(nodeId);
    }

    public record PartitionView(int leader, List<Integer> isr) {}

    public PartitionView partition(String topic, int partition) {
        PartitionView view = partitions(topic).get(partition);
        if (view == null) {
            throw new IllegalStateException("no partition " + partition + " of " + topic + " in " + container + "'s view");
        }
        return view;
    }

    /** Every partition of the topic, by number, from one run of the tool. */
    public Map<Integer, PartitionView> partitions(String topic) {
        String out = tool("kafka-topics --describe --topic " + topic);
        Map<Integer, PartitionView> views = new TreeMap<>();
        Matcher m = PARTITION.matcher(out);
        while (m.find()) {
            int leader = m.group(2).equals("none") ? -1 : Integer.parseInt(m.group(2));
            List<Integer> isr = m.group(4).isEmpty() ? List.of()
                    : Arrays.stream(m.group(4).split(",")).map(Integer::parseInt).toList();
            views.put(Integer.parseInt(m.group(1)), new PartitionView(leader, isr));
        }
        if (views.isEmpty()) {
            throw new IllegalStateException("no partition of " + topic + " in:\n" + out);
        }
        return views;
    }

    /**
     * Runs a tool with short client timeouts: right after a fault a request may go to a node that is
     * gone, and the next poll should come soon rather than after the default 60 s. A connection to a
     * node whose traffic a fault drops fails after 1-2 s instead of Kafka's 10 s, which is longer than
     * the whole call may take (6 s): otherwise a call sent there can never move to another node. The
     * tool is ended inside the container after 20 s: a reading the test gave up on must not keep a JVM
     * running beside the broker (ending the docker client does not end what it started).
     */
    private String tool(String command) {
        String[] words = command.split(" ", 2);
        String script = "cat /etc/kafka/secrets/admin.properties > /tmp/fast.properties && "
                + "printf 'request.timeout.ms=4000\\ndefault.api.timeout.ms=6000\\n"
                + "socket.connection.setup.timeout.ms=1000\\nsocket.connection.setup.timeout.max.ms=2000\\n' "
                + ">> /tmp/fast.properties && "
                + "timeout --kill-after=2 20 " + words[0] + " --bootstrap-server " + bootstrap
                + " --command-config /tmp/fast.properties " + words[1];
        return Lab.Docker.output(Duration.ofSeconds(30), "exec", container, "bash", "-c", script);
    }

    /**
     * Polls a reading of this node's view until {@code done} holds; a reading that fails is tried again.
     * When time runs out the error says the last reading and the last failure (a tool's exit status and
     * output), which an Awaitility timeout alone would not.
     */
    public <T> T await(String what, Duration within, Function<NodeView, T> read, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>("none");
        try {
            Awaitility.await(what).atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
                try {
                    T value = read.apply(this);
                    last.set(value);
                    return done.test(value);
                } catch (RuntimeException e) {
                    failure.set(e.getMessage());
                    return false;
                }
            });
            return last.get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + within + ", as " + container + " sees it; last reading "
                    + last.get() + "; last failed reading: " + failure.get(), e);
        }
    }

    /**
     * The quorum leader this node's own Raft client follows (kafka_server_raftmetrics_current_leader of
     * its JMX exporter), -1 while it knows none. One HTTP request: {@code kafka-metadata-quorum} starts a
     * JVM beside the broker and asks through a broker, which right after an election may still forward
     * to the old leader; in CI no such reading came back within the 60 s an election is given.
     */
    public int activeController() {
        String out;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            out = response.body();
        } catch (IOException e) {
            throw new IllegalStateException("no metrics from " + metricsUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + metricsUrl, e);
        }
        Matcher m = CURRENT_LEADER.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no kafka_server_raftmetrics_current_leader at " + metricsUrl);
        }
        return (int) Double.parseDouble(m.group(1));
    }
}
