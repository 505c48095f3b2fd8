package dev.gameday.metrics;

import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gameday_fault_active{experiment,fault,target} (1 while applied, 0 after) and
 * gameday_faults_injected_total{fault}.
 */
@ApplicationScoped
public class FaultMetrics implements FaultListener {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();

    public FaultMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void injected(ActiveFault fault) {
        registry.counter("gameday.faults.injected", "fault", fault.fault()).increment();
        set(fault, 1);
    }

    @Override
    public void reverted(ActiveFault fault) {
        set(fault, 0);
    }

    private void set(ActiveFault fault, int value) {
        for (String target : fault.targets()) {
            Tags tags = Tags.of("experiment", fault.experiment(), "fault", fault.fault(), "target", target);
            active.computeIfAbsent(tags, t -> registry.gauge("gameday.fault.active", t, new AtomicInteger()))
                    .set(value);
        }
    }
}
