package dev.gameday.run;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The results-database tests' PostgreSQL server, run by Testcontainers from {@value #IMAGE}, an image
 * compose/images.sh builds on this machine: nothing is pulled. Started once per test JVM on a free
 * host port, removed when the JVM exits. A {@code @QuarkusTest} gets the service's settings for it
 * with {@code @WithTestResource(PostgresResource.class)}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String IMAGE = "kafka-gameday/postgres:15";
    static final String USER = "gameday";
    static final String PASSWORD = "gameday";

    private static PostgreSQLContainer server;

    /** The server's JDBC URL, starting the server if this JVM has not yet. */
    static synchronized String jdbcUrl() {
        if (server == null) {
            PostgreSQLContainer started = new PostgreSQLContainer(
                    DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"))
                    .withDatabaseName("gameday_test")
                    .withUsername(USER)
                    .withPassword(PASSWORD)
                    .withImagePullPolicy(PostgresResource::builtHere)
                    // the image makes its cluster without a server, so "ready" is logged once (the official image: twice)
                    .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                            .withStartupTimeout(Duration.ofMinutes(1)));
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-down"));
            server = started;
        }
        return server.getJdbcUrl();
    }

    /** Never pulls: a missing image is said to be missing at once, rather than asked of a registry. */
    private static boolean builtHere(DockerImageName image) {
        if (PullPolicy.defaultPolicy().shouldPull(image)) {
            throw new IllegalStateException("image " + image.asCanonicalNameString()
                    + " is not on this machine: compose/images.sh builds it (Testcontainers pulls nothing here)");
        }
        return false;
    }

    /** The "postgresql" profile's settings, pointed at the server. */
    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.\"h2\".active", "false",
                "quarkus.hibernate-orm.\"h2\".active", "false",
                "quarkus.datasource.\"postgresql\".active", "true",
                "quarkus.hibernate-orm.\"postgresql\".active", "true",
                "quarkus.datasource.\"postgresql\".jdbc.url", jdbcUrl(),
                "quarkus.datasource.\"postgresql\".username", USER,
                "quarkus.datasource.\"postgresql\".password", PASSWORD);
    }

    @Override
    public void stop() {
        // the server outlives each test class (RestartIT uses it too); removed when the JVM exits
    }
}
