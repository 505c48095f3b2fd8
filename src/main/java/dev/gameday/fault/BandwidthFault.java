package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Limits what each target sends to {@code rate} with a token bucket (tc tbf) on its interfaces:
 * a saturated NIC or a throttled cross-zone link.
 */
@JsonTypeName("bandwidth")
public record BandwidthFault(String rate, String burst, Duration latency) implements FaultSpec {

    private static final Pattern RATE = Pattern.compile("\\d+(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)");
    private static final Pattern SIZE = Pattern.compile("\\d+(b|kb|mb|kbit|mbit)");

    public BandwidthFault {
        burst = burst == null ? "64kb" : burst;
        latency = latency == null ? Duration.ofMillis(400) : latency;
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.NETWORK;
    }

    @Override
    public Hold hold() {
        return Hold.TRAFFIC_SHAPING;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (rate == null || !RATE.matcher(rate).matches()) {
            problems.add("rate: give a tc rate like 10mbit or 500kbit, got " + (rate == null ? "nothing" : "'" + rate + "'"));
        }
        if (!SIZE.matcher(burst).matches()) {
            problems.add("burst: give a size like 64kb or 32kbit, got '" + burst + "'");
        }
        if (latency.isZero() || latency.isNegative()) {
            problems.add("latency: the longest a packet may wait in the bucket, must be longer than 0s");
        }
        return problems;
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        String qdisc = "tbf rate " + rate + " burst " + burst + " latency " + latency.toMillis() + "ms";
        return targets.stream().<Effect>map(t -> new Effect.TrafficShaping(t.containerId(), t.containerName(), qdisc))
                .toList();
    }
}
