package dev.gameday.monitoring;

import dev.gameday.api.ApiCredentials;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.KillFault;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabProfile;
import dev.gameday.lab.LabResource;
import dev.gameday.target.TargetSelector;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts proven against a real Prometheus (Debian's package) scraping the real lab and the
 * service with the project's own configuration and rules: a broker kill fires BrokerDown and
 * UnderReplicatedPartitions, which resolve after recovery. (The dashboards are checked over the
 * default suite's run, which happens anyway: DefaultSuiteIT.)
 */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(LabProfile.class)
class MonitoringIT {

    @Inject
    FaultInjector injector;

    @BeforeEach
    void operatorOnASettledLab() {
        Lab.get();
        ApiCredentials.asOperator();
    }

    @Test
    void aKilledBrokerFiresBrokerDownAndUnderReplicatedWhichResolveAfterRecovery() throws Exception {
        try (PrometheusUnderTest prometheus = PrometheusUnderTest.scrapingTheLabAndTheService(RestAssured.port)) {
            ActiveFault kill = injector.inject(new FaultRequest("monitoring-it", "monitoring-it", 1, new KillFault(null),
                    TargetSelector.broker(3), Duration.ofMinutes(4), new Random(1)));
            try {
                Awaitility.await("BrokerDown and UnderReplicatedPartitions firing")
                        .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> prometheus.firing().containsAll(Set.of("BrokerDown", "UnderReplicatedPartitions")));
            } finally {
                injector.revert(kill.id(), "test");
            }
            Awaitility.await("both alerts resolved").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !prometheus.alerts().contains("BrokerDown")
                            && !prometheus.alerts().contains("UnderReplicatedPartitions"));
        }
    }
}
