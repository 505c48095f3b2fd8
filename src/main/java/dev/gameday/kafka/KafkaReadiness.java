package dev.gameday.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        int timeoutMs = clients.requestTimeoutMs();
        try {
            DescribeClusterResult cluster = clients.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            return response.up()
                    .withData("clusterId", cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS))
                    .withData("brokers", brokers)
                    .build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "Kafka at " + clients.bootstrapServers()
                    + " did not answer within " + timeoutMs + " ms").build();
        } catch (ExecutionException e) {
            return response.down().withData("error", "Kafka at " + clients.bootstrapServers()
                    + " failed: " + e.getCause().getMessage()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (RuntimeException e) {
            return response.down().withData("error", "Kafka at " + clients.bootstrapServers()
                    + " cannot be reached: " + e.getMessage()).build();
        }
    }
}
