/**
 * The service's entry point (GamedayMain), its one exception type (GamedayException, whose kind
 * becomes the HTTP status) and the test-only halt points.
 */
package dev.gameday;
