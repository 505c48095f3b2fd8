package dev.gameday.kafka;

import dev.gameday.GamedayException;
import dev.gameday.time.Retry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Client settings for the cluster under test, built once from {@link KafkaConfig}, the one shared
 * admin client, and how its answers are awaited. Producers and consumers are made by the probes
 * from {@link #common()}.
 */
@Startup // a bootstrap list that cannot work stops the service at boot, with its reason
@ApplicationScoped
public class KafkaClients {

    private static final Pattern HOST_PORT = Pattern.compile("\\[?[\\w.:-]+]?:\\d{1,5}");
    private static final long UNKNOWN_TOPIC_RETRY_MS = 100;

    private final KafkaConfig config;
    private final Map<String, Object> security;
    private final Retry retry;
    private volatile Admin admin;

    public KafkaClients(KafkaConfig config, Retry retry) {
        this.config = config;
        this.retry = retry;
        validate(config.bootstrapServers());
        this.security = ClientSecurity.properties(config);
    }

    /** Refuses a bootstrap list that cannot work, at start-up, naming the setting. */
    static void validate(String bootstrapServers) {
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("gameday.kafka.bootstrap-servers is empty: "
                    + "name at least one broker as host:port (GAMEDAY_KAFKA_BOOTSTRAP_SERVERS)");
        }
        for (String server : bootstrapServers.split(",")) {
            if (!HOST_PORT.matcher(server.strip()).matches()) {
                throw new IllegalArgumentException("gameday.kafka.bootstrap-servers: '" + server.strip()
                        + "' is not host:port (in '" + bootstrapServers + "')");
            }
        }
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    /** bootstrap.servers, the security settings, then the pass-through ones; a fresh map the caller may extend. */
    public Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>(security);
        props.putAll(config.client());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }

    /** The shared admin client, created on first use so that a cluster that is down at boot is no error. */
    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> props = common();
                    int timeoutMs = Math.toIntExact(config.requestTimeout().toMillis());
                    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gameday-admin");
                    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
                    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
                    admin = Admin.create(props);
                }
                current = admin;
            }
        }
        return current;
    }

    public int requestTimeoutMs() {
        return Math.toIntExact(config.requestTimeout().toMillis());
    }

    /**
     * Waits for an admin answer, at most the request timeout. A failure becomes an UNAVAILABLE
     * {@link GamedayException} naming {@code what} was asked ("describe the cluster"); a topic, group
     * or transactional id that does not exist, or a topic that exists already, is an answer rather
     * than a failure, and is thrown as Kafka's own exception for the caller to act on.
     */
    public <T> T await(String what, KafkaFuture<T> answer) {
        try {
            return answer.get(requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof TopicExistsException
                    || e.getCause() instanceof GroupIdNotFoundException
                    || e.getCause() instanceof TransactionalIdNotFoundException) {
                throw (ApiException) e.getCause();
            }
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "Kafka at " + bootstrapServers()
                    + " could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "Kafka at " + bootstrapServers()
                    + " did not " + what + " within " + requestTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GamedayException(GamedayException.Kind.FAILED, "interrupted while waiting for Kafka to " + what);
        }
    }

    /**
     * Asks again, every 100 ms for up to the request timeout, while the topic is unknown: a topic
     * created a moment ago reaches each broker's metadata a moment later, so the broker asked may
     * not know it yet. After that the topic is taken not to exist: a NOT_FOUND {@link GamedayException}.
     */
    public <T> T whileUnknown(String topic, Supplier<T> ask) {
        try {
            return retry.within("topic " + topic + " known", config.requestTimeout(),
                    Duration.ofMillis(UNKNOWN_TOPIC_RETRY_MS), () -> {
                        try {
                            return ask.get();
                        } catch (UnknownTopicOrPartitionException unknown) {
                            throw Retry.notYet("unknown topic", unknown);
                        }
                    });
        } catch (Retry.TimedOut unknown) {
            throw new GamedayException(GamedayException.Kind.NOT_FOUND, "topic " + topic
                    + " does not exist in the cluster at " + bootstrapServers() + " (asked for "
                    + requestTimeoutMs() + " ms)", unknown.getCause());
        }
    }

    /** The topic's min.insync.replicas, as the cluster has it. */
    public int minInsyncReplicas(String topic) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var config = await("describe the configuration of topic " + topic,
                admin().describeConfigs(List.of(resource)).all()).get(resource);
        return Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
