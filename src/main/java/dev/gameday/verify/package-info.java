/**
 * From a run's History to its Analysis (anomalies, availability, recovery) and from a hypothesis to
 * the verdict.
 */
package dev.gameday.verify;
