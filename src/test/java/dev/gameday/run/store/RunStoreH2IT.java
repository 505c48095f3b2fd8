package dev.gameday.run.store;

import io.quarkus.test.junit.QuarkusTest;

/** The results-database contract on the default, embedded H2. */
@QuarkusTest
class RunStoreH2IT extends RunStoreContract {}
