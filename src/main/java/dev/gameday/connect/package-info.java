/**
 * A client of the Kafka Connect REST API, for the pipeline probe: connectors, tasks, workers.
 */
package dev.gameday.connect;
