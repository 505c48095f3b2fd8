/**
 * Experiment and suite definitions: YAML parsed, validated (naming file and field) and kept in the
 * catalog.
 */
package dev.gameday.experiment;
