package dev.gameday.run;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * The results-database contract on a real PostgreSQL server (compose/postgres.sh starts one from
 * Debian's packages before the integration tests).
 */
@QuarkusTest
@TestProfile(RunStorePostgresIT.Postgres.class)
class RunStorePostgresIT extends RunStoreContract {

    public static class Postgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return PostgresConfig.overrides();
        }
    }
}
