/**
 * A client of the schema registry's REST API, for the registry probe.
 */
package dev.gameday.registry;
