package dev.gameday.run;

import java.util.Map;

/** What switches the service to the test PostgreSQL database: the "postgresql" profile's settings. */
final class PostgresConfig {

    static final String URL = "jdbc:postgresql://127.0.0.1:" + System.getenv().getOrDefault("GAMEDAY_PG_PORT", "5432")
            + "/gameday_test";

    private PostgresConfig() {}

    static Map<String, String> overrides() {
        return Map.of(
                "quarkus.datasource.\"h2\".active", "false",
                "quarkus.hibernate-orm.\"h2\".active", "false",
                "quarkus.datasource.\"postgresql\".active", "true",
                "quarkus.hibernate-orm.\"postgresql\".active", "true",
                "quarkus.datasource.\"postgresql\".jdbc.url", URL,
                "quarkus.datasource.\"postgresql\".username", "gameday",
                "quarkus.datasource.\"postgresql\".password", "gameday");
    }
}
