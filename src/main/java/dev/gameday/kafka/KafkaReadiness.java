package dev.gameday.kafka;

import dev.gameday.GamedayException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the cluster under test answers an admin request. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaClients clients;

    public KafkaReadiness(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("bootstrap.servers", clients.bootstrapServers());
        try {
            DescribeClusterResult cluster = clients.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs(clients.requestTimeoutMs()));
            int brokers = clients.await("describe the cluster", cluster.nodes()).size();
            return response.up()
                    .withData("clusterId", clients.await("name its cluster", cluster.clusterId()))
                    .withData("brokers", brokers)
                    .build();
        } catch (GamedayException e) {
            return response.down().withData("error", e.getMessage()).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", "Kafka at " + clients.bootstrapServers()
                    + " cannot be reached: " + e.getMessage()).build();
        }
    }
}
