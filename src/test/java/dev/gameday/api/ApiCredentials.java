package dev.gameday.api;

import io.restassured.RestAssured;

/**
 * The test users of src/test/resources/api-users. A test class calls {@link #asOperator()} before
 * each test: RestAssured's defaults live in the Quarkus class loader of the test, so they are set
 * from the test itself.
 */
public final class ApiCredentials {

    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-test-password";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-test-password";

    private ApiCredentials() {}

    /** Every request of the test without its own credentials goes as the test operator. */
    public static void asOperator() {
        RestAssured.authentication = RestAssured.preemptive().basic(OPERATOR, OPERATOR_PASSWORD);
    }
}
