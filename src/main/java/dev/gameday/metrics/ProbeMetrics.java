package dev.gameday.metrics;

import dev.gameday.probe.ProbeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** gameday_probe_sends_total{outcome} and gameday_probe_ack_latency_seconds (a histogram). */
@ApplicationScoped
public class ProbeMetrics implements ProbeListener {

    private final Counter ok;
    private final Counter failed;
    private final Counter indeterminate;
    private final Timer latency;

    public ProbeMetrics(MeterRegistry registry) {
        ok = registry.counter("gameday.probe.sends", "outcome", "ok");
        failed = registry.counter("gameday.probe.sends", "outcome", "fail");
        indeterminate = registry.counter("gameday.probe.sends", "outcome", "indeterminate");
        latency = Timer.builder("gameday.probe.ack.latency")
                .description("time from send to acknowledgement of probe records")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    @Override
    public void acknowledged(long latencyNanos) {
        ok.increment();
        latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(boolean definite) {
        (definite ? failed : indeterminate).increment();
    }
}
