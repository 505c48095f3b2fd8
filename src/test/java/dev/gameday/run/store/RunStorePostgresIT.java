package dev.gameday.run.store;

import dev.gameday.run.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The results-database contract on a real PostgreSQL server: a Testcontainers container of the
 * image compose/images.sh builds offline ({@link PostgresResource}).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RunStorePostgresIT extends RunStoreContract {}
