package dev.gameday.metrics;

import dev.gameday.fault.FaultInjector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** gameday_faults_overdue: active faults past their deadline, that the watchdog has not reverted. */
@ApplicationScoped
public class InjectorMetrics {

    void register(@Observes StartupEvent event, FaultInjector injector, MeterRegistry registry) {
        Gauge.builder("gameday.faults.overdue", injector, FaultInjector::overdue)
                .description("active faults past their deadline; the watchdog keeps trying to revert them")
                .register(registry);
    }
}
