package dev.gameday.probe;

import dev.gameday.connect.ConnectClient;
import java.util.Optional;

/**
 * The Kafka Connect cluster a pipeline probe runs its connector on, and how that connector's clients
 * reach the cluster under test.
 *
 * @param bootstrapServers the brokers as the workers reach them
 * @param clientProperties a file on the workers with the security settings of their own clients
 *                         (security.protocol, sasl.*, ssl.truststore.*), named in the connector's
 *                         configuration through Kafka's FileConfigProvider so that no secret is stored in
 *                         it; empty for a cluster without security
 */
public record PipelineTarget(ConnectClient client, String bootstrapServers, Optional<String> clientProperties) {}
