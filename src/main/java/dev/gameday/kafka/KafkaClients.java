package dev.gameday.kafka;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Client settings for the cluster under test, built once from {@link KafkaConfig}, and the one
 * shared admin client. Producers and consumers are made by the probes from {@link #common()}.
 */
@Startup // a bootstrap list that cannot work stops the service at boot, with its reason
@ApplicationScoped
public class KafkaClients {

    private static final Pattern HOST_PORT = Pattern.compile("\\[?[\\w.:-]+]?:\\d{1,5}");

    private final KafkaConfig config;
    private final Map<String, Object> security;
    private volatile Admin admin;

    public KafkaClients(KafkaConfig config) {
        this.config = config;
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

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
